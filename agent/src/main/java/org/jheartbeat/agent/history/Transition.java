package org.jheartbeat.agent.history;

import java.time.Instant;
import java.util.List;

/**
 * One transition of a group on this node, or a fencing of it, with its timings: from what set it off (a node lost,
 * a request seen, a node joined, a failed status check) through the decision to each resource's start or stop, to
 * where it ended.
 *
 * @param kind    failover, handover, start (first placement), release (given up for another node or at shutdown),
 *                restart (in place, after a failed status check), resource-failure (a failed status check that
 *                gave the group up), fencing
 * @param group   the group, absent for fencing
 * @param peer    the node it came from (failover, handover) or the node whose request or arrival set it off
 * @param began   when what set it off happened, as this node saw it
 * @param outcome running, stopped, failed, fencing; underway while it has not ended
 * @param steps   in order, each at its offset from {@code began}
 */
public record Transition(String kind, String group, String peer, Instant began, String outcome, List<Step> steps) {

    public Transition {
        steps = List.copyOf(steps);
    }

    /**
     * @param event     node-lost, node-joined, requested, detected, decided, stopping, starting, started, stopped,
     *                  failed, fencing, running
     * @param subject   the node, resource or reason the event names
     * @param atMillis  milliseconds after the transition began
     * @param tookMillis a resource's start or stop: how long the operation took; absent otherwise
     */
    public record Step(String event, String subject, long atMillis, Long tookMillis) {
    }

    /** From what set it off to its last step. */
    public long tookMillis() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).atMillis();
    }
}
