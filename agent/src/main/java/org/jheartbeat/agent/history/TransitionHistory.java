package org.jheartbeat.agent.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;

/**
 * The last transitions of this node's groups ({@code hbctl history}), put together from what the agent already
 * hears: members lost and joined, standby and takeover requests seen, the coordinator's acquisitions, every state
 * change of a group and its resources, fencing. What set a transition off is remembered per group until a
 * transition of that group starts from it.
 *
 * <p>Bounded: the last {@value #CAPACITY} ended transitions are kept, in memory only. One failover of the 16-group
 * scale setup gives 16 entries on the survivor, so even there the last four such events are kept, and a two-node
 * site with a few groups keeps weeks of them; an entry is a few hundred bytes, so the whole history stays
 * well under 100 KB, which an agent that counts every megabyte can afford. A restart of the agent forgets it,
 * as it forgets its metrics: the log keeps every transition for good.
 */
public final class TransitionHistory {

    public static final int CAPACITY = 64;

    private record Cause(String event, String subject, Instant at) {
    }

    /** A transition under way: its kind may still change (a failed check becomes a restart or a failure). */
    private static final class Open {
        private String kind;
        private final String group;
        private final String peer;
        private final Instant began;
        private final List<Transition.Step> steps = new ArrayList<>();

        Open(String kind, String group, String peer, Instant began) {
            this.kind = kind;
            this.group = group;
            this.peer = peer;
            this.began = began;
        }

        void step(String event, String subject, Instant at, Duration took) {
            steps.add(new Transition.Step(event, subject, Duration.between(began, at).toMillis(),
                    took == null ? null : took.toMillis()));
        }

        Transition as(String outcome) {
            return new Transition(kind, group, peer, began, outcome, steps);
        }
    }

    private final Clock clock;
    private final List<String> groupIds;
    private final Deque<Transition> ended = new ArrayDeque<>();
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, GroupSnapshot> lastSnapshot = new HashMap<>();
    private final Map<String, Cause> causes = new HashMap<>();

    /** @param clock the clock the group managers stamp their states with */
    public TransitionHistory(Clock clock, List<String> groupIds) {
        this.clock = clock;
        this.groupIds = List.copyOf(groupIds);
    }

    /** Members left and joined this node's membership: what sets off a failover, or a failback to a returning node. */
    public synchronized void membersChanged(Set<String> lost, Set<String> joined) {
        Instant now = clock.instant();
        joined.forEach(node -> causeForAll(new Cause("node-joined", node, now)));
        lost.forEach(node -> causeForAll(new Cause("node-lost", node, now)));
    }

    /** A standby or takeover request, here or on another member, covering these groups. */
    public synchronized void requested(String node, String request, Set<String> groups) {
        Cause cause = new Cause("requested", request + " on " + node, clock.instant());
        groups.forEach(group -> causes.put(group, cause));
    }

    /** The coordinator told this node to acquire the group. */
    public synchronized void acquired(String group, Acquisition why, String previousHolder) {
        Instant now = clock.instant();
        Cause cause = causes.remove(group);
        Open transition = new Open(why.name().toLowerCase(Locale.ROOT), group, previousHolder,
                cause == null ? now : cause.at());
        if (cause != null) {
            transition.step(cause.event(), cause.subject(), cause.at(), null);
        }
        transition.step("decided", "acquire here", now, null);
        Open before = open.put(group, transition);
        if (before != null) {
            end(before, "superseded");
        }
    }

    /** Every state change of a group or of one of its resources on this node. */
    public synchronized void groupChanged(GroupSnapshot now) {
        GroupSnapshot before = lastSnapshot.put(now.name(), now);
        if (before == null) {
            return;
        }
        Open transition = open.get(now.name());
        if (transition == null) {
            transition = opened(before, now);
            if (transition == null) {
                return;
            }
            open.put(now.name(), transition);
        }
        for (int i = 0; i < now.resources().size(); i++) {
            ResourceSnapshot resource = now.resources().get(i);
            RunState was = before.resources().get(i).state();
            if (resource.state() != was) {
                resourceStep(transition, resource);
            }
        }
        if (now.state() != before.state()) {
            groupStep(transition, now);
        }
    }

    /** This node fences itself. */
    public synchronized void fenced(String reason) {
        Open fencing = new Open("fencing", null, null, clock.instant());
        fencing.step("fencing", reason, fencing.began, null);
        keep(fencing.as("fencing"));
    }

    /** The kept transitions and those under way, oldest first. */
    public synchronized List<Transition> transitions() {
        List<Transition> all = new ArrayList<>(ended);
        open.values().forEach(transition -> all.add(transition.as("underway")));
        all.sort(Comparator.comparing(Transition::began));
        return all;
    }

    /** A transition the group manager began on its own: a failed status check, or a release of a running group. */
    private Open opened(GroupSnapshot before, GroupSnapshot now) {
        if (before.state() != RunState.STARTED) {
            return null;
        }
        for (ResourceSnapshot resource : now.resources()) {
            if (resource.state() == RunState.FAILED) {
                return new Open("restart", now.name(), null, resource.since());
            }
        }
        if (now.state() != RunState.STOPPING) {
            return null;
        }
        Cause cause = causes.remove(now.name());
        Open release = new Open("release", now.name(), cause == null ? null : cause.subject(),
                cause == null ? now.since() : cause.at());
        if (cause != null) {
            release.step(cause.event(), cause.subject(), cause.at(), null);
        }
        return release;
    }

    private void resourceStep(Open transition, ResourceSnapshot resource) {
        switch (resource.state()) {
            case STARTED, STOPPED -> transition.step(resource.state().word(), resource.id(), resource.since(),
                    resource.lastElapsed());
            case FAILED, FENCING -> transition.step(resource.state().word(), resource.id(), resource.since(), null);
            default -> {
            }
        }
    }

    private void groupStep(Open transition, GroupSnapshot now) {
        switch (now.state()) {
            case STARTED -> {
                transition.step("running", now.name(), now.since(), null);
                end(transition, "running");
            }
            case STOPPED -> {
                if (!transition.kind.equals("restart") && !isAcquisition(transition)) {
                    transition.step("stopped", now.name(), now.since(), null);
                    end(transition, "stopped");
                }
            }
            case FAILED -> {
                transition.step("failed", now.reason(), now.since(), null);
                end(transition, "failed");
            }
            case FENCING -> {
                transition.step("fencing", now.reason(), now.since(), null);
                end(transition, "fencing");
            }
            case STOPPING -> {
                if (transition.kind.equals("restart")) {
                    transition.kind = "resource-failure";
                }
                transition.step("stopping", now.reason(), now.since(), null);
            }
            case STARTING -> {
                if (!isAcquisition(transition)) {
                    transition.step("starting", now.reason(), now.since(), null);
                }
            }
        }
    }

    private static boolean isAcquisition(Open transition) {
        return switch (transition.kind) {
            case "failover", "handover", "start" -> true;
            default -> false;
        };
    }

    private void end(Open transition, String outcome) {
        open.remove(transition.group, transition);
        keep(transition.as(outcome));
    }

    private void keep(Transition transition) {
        if (ended.size() == CAPACITY) {
            ended.removeFirst();
        }
        ended.addLast(transition);
    }

    private void causeForAll(Cause cause) {
        groupIds.forEach(group -> causes.put(group, cause));
    }
}
