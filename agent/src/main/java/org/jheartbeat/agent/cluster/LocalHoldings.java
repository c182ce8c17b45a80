package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;
import org.jheartbeat.agent.ownership.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's own state, changed here only, on the cluster loop: the groups it holds as it acquires and releases
 * them through its group managers, the groups that failed here ({@link FailureMarks}), its operator's latest
 * request, how many ping targets it reaches. Every change but the start-up declaration is reported, so the members
 * (and the coordinator) learn it at once.
 */
final class LocalHoldings {

    private static final Logger LOG = LoggerFactory.getLogger(LocalHoldings.class);

    private final String self;
    private final HolderHistory history;
    private final Consumer<Runnable> loop;
    private final Runnable changed;
    private final FailureMarks marks;
    /** The monotonic clock the failure marks' pauses and expiries are measured on. */
    private final Ticker ticker;
    private GroupControl groups;
    private volatile Acquisition.Listener events = (group, why) -> { };
    private NodeState state;
    /**
     * The start or stop of each group asked of its manager and not yet answered, by number: only the answer to the
     * latest one says what this node holds. A manager runs them in order, so an earlier answer arriving after a later
     * request (a start that failed while a stop was queued behind it) says nothing of where the group ends up.
     */
    private final Map<String, Long> pending = new HashMap<>();
    private long operations;

    /**
     * @param loop    queues a task on the cluster loop: where a group manager's answer is taken in
     * @param changed reports the state: called after every change
     */
    LocalHoldings(String self, HolderHistory history, FailureMarks marks, Ticker ticker, Consumer<Runnable> loop,
                  Runnable changed) {
        this.self = self;
        this.history = history;
        this.marks = marks;
        this.ticker = ticker;
        this.loop = loop;
        this.changed = changed;
        this.state = NodeState.idle(self);
    }

    NodeState state() {
        return state;
    }

    void attach(GroupControl groupControl) {
        this.groups = groupControl;
    }

    void observe(Acquisition.Listener observer) {
        this.events = observer;
    }

    /**
     * A group no longer configured here was stopped by the agent: it is held here no more, and an answer of its
     * manager still to come says nothing.
     */
    void forget(String group) {
        pending.remove(group);
        if (state.holds(group)) {
            state = state.without(group);
            changed.run();
        }
    }

    /** What was found before joining: groups already running here, groups a startup check refused. */
    void declare(Set<String> running, Set<String> refused) {
        running.forEach(group -> state = state.withHolding(group, Holding.RUNNING));
        marks.refuse(refused);
        remark();
        running.forEach(group -> LOG.warn("group {} was found running at start: held here until the "
                + "coordinator decides", group));
    }

    /**
     * The group failed here and its manager gave it up: another node may run it. While a start or stop of ours is
     * still to answer, that answer says what this node holds; the failure is marked at once.
     */
    void failed(String group) {
        if (pending.containsKey(group)) {
            marks.failed(group, nowMillis());
            remark();
        } else {
            markFailed(group);
        }
        changed.run();
    }

    /**
     * On every tick: a failure whose retry pause has passed lets this node be given the group again where no other
     * member can run it, and one past its expiry is forgotten unless another member runs the group.
     */
    void review(Set<String> heldElsewhere) {
        remarkAndReportIfChanged(() -> marks.forgetExpired(nowMillis(), heldElsewhere));
    }

    void request(Request request) {
        state = state.withRequest(request);
        changed.run();
    }

    void pingReachable(int count) {
        if (state.pingReachable() != count) {
            state = state.withPingReachable(count);
            changed.run();
        }
    }

    /**
     * A new standby or takeover request of {@code node}, here or on another member, covers these groups: this node
     * may try again.
     */
    void operatorAsked(String node, Request request, Set<String> groupIds) {
        events.requested(node, request, groupIds);
        remarkAndReportIfChanged(() -> marks.forgetFailures(groupIds));
    }

    /**
     * A stop of the group failed here and it stays (BLOCKED, or FENCING): whatever this node was doing with it (a
     * start whose roll-back blocked, a monitor's restart, a stop), it is held here, stopping. Its manager answers
     * nothing more ({@link ManagedGroups}); only a cleanup ends the hold.
     */
    void blocked(String group) {
        if (state.holds(group) && state.holdings().get(group) != Holding.STOPPING) {
            LOG.warn("group {} is blocked on {} by a stop that failed: held here, stopping, until it is cleaned up",
                    group, self);
            state = state.withHolding(group, Holding.STOPPING);
            changed.run();
        }
    }

    /**
     * {@code hbctl resource cleanup}, once each group's manager forgot its failures. A group blocked here by a stop
     * that failed is held, stopping ({@link #blocked}), and its manager never answers the start or stop it was asked;
     * a manager cleans a blocked group up only once it has stopped it whole, so its stop, asked again, answers at once
     * and the group is free for another node.
     */
    void clearFailures(Set<String> groupIds) {
        marks.clear(groupIds);
        remark();
        groupIds.stream().filter(group -> state.holdings().get(group) == Holding.STOPPING)
                .forEach(group -> release(group, "cleaned up after a stop that failed", () -> { }));
        changed.run();
    }

    /** One of the coordinator's actions for this node; one already under way is not started again. */
    void carryOut(Placement.Action action) {
        String group = action.group();
        Holding holding = state.holdings().get(group);
        if (action.kind() == Placement.ActionKind.ACQUIRE) {
            if (holding == null) {
                acquire(group);
            }
        } else if (holding != null && holding != Holding.STOPPING) {
            LOG.info("group {} releasing on {}", group, self);
            HeartbeatLog.givingUp();
            release(group, "released for another node", HeartbeatLog::gaveUp);
        }
    }

    /** Stops every group held here that is not already stopping. */
    void releaseAll(String reason) {
        for (String group : new ArrayList<>(state.holdings().keySet())) {
            if (state.holdings().get(group) != Holding.STOPPING) {
                release(group, reason, () -> { });
            }
        }
    }

    void announce(String group, String reason) {
        groups.announce(group, reason);
    }

    private void acquire(String group) {
        String previous = history.holder(group);
        Acquisition why = history.acquiring(group, self);
        LOG.info("group {} acquiring on {} ({})", group, self, why.name().toLowerCase(Locale.ROOT));
        events.acquired(group, why, previous);
        switch (why) {
            case FAILOVER -> HeartbeatLog.takingOver(group);
            case HANDOVER -> HeartbeatLog.acquiringFrom(previous);
            case START -> { }
        }
        state = state.withHolding(group, Holding.STARTING);
        long operation = asked(group);
        changed.run();
        groups.start(group, "acquired from the coordinator", why.succession()).whenComplete((running, failure) -> loop.accept(() -> {
            boolean started = Boolean.TRUE.equals(running);
            if (!answered(group, operation)) {
                // A stop was asked after this start: its answer says what runs here.
                if (!started) {
                    marks.failed(group, nowMillis());
                    remark();
                    changed.run();
                }
                return;
            }
            if (started) {
                state = state.withHolding(group, Holding.RUNNING);
                marks.ran(group);
                switch (why) {
                    case FAILOVER -> HeartbeatLog.tookOver(previous);
                    case HANDOVER -> HeartbeatLog.acquiredFrom();
                    case START -> HeartbeatLog.acquiredAtStart();
                }
            } else {
                markFailed(group);
            }
            changed.run();
        }));
    }

    /** @param stopped what to do once the group stopped here */
    private void release(String group, String reason, Runnable stopped) {
        state = state.withHolding(group, Holding.STOPPING);
        long operation = asked(group);
        changed.run();
        groups.stop(group, reason).whenComplete((ignored, failure) -> loop.accept(() -> {
            if (failure == null && answered(group, operation)) {
                state = state.without(group);
                stopped.run();
                changed.run();
            }
        }));
    }

    /** A start or stop of the group is asked of its manager now: it supersedes any earlier one. */
    private long asked(String group) {
        long operation = ++operations;
        pending.put(group, operation);
        return operation;
    }

    /** Whether this answer is to the group's latest start or stop; then nothing is pending for the group any more. */
    private boolean answered(String group, long operation) {
        return pending.remove(group, operation);
    }

    private void markFailed(String group) {
        state = state.without(group);
        marks.failed(group, nowMillis());
        remark();
    }

    private void remarkAndReportIfChanged(Runnable marksChange) {
        NodeState before = state;
        marksChange.run();
        remark();
        if (!state.equals(before)) {
            changed.run();
        }
    }

    private long nowMillis() {
        return ticker.read() / 1_000_000;
    }

    private void remark() {
        state = state.withFailures(marks.marked(), marks.excluded(nowMillis()));
    }
}
