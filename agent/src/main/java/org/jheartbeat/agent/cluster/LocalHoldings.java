package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.Locale;
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

    /** What was found before joining: groups already running here, groups a startup check refused. */
    void declare(Set<String> running, Set<String> refused) {
        running.forEach(group -> state = state.withHolding(group, Holding.RUNNING));
        marks.refuse(refused);
        remark();
        running.forEach(group -> LOG.warn("group {} was found running at start: held here until the "
                + "coordinator decides", group));
    }

    /** The group failed here and its manager gave it up: another node may run it. */
    void failed(String group) {
        markFailed(group);
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

    void clearFailures(Set<String> groupIds) {
        marks.clear(groupIds);
        remark();
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

    void announce(String group) {
        groups.announce(group, "kept here after another node ran it too");
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
        changed.run();
        groups.start(group, "acquired from the coordinator", why.succession()).whenComplete((running, failure) -> loop.accept(() -> {
            if (Boolean.TRUE.equals(running) && state.holdings().get(group) == Holding.STARTING) {
                state = state.withHolding(group, Holding.RUNNING);
                switch (why) {
                    case FAILOVER -> HeartbeatLog.tookOver(previous);
                    case HANDOVER -> HeartbeatLog.acquiredFrom();
                    case START -> HeartbeatLog.acquiredAtStart();
                }
            } else if (!Boolean.TRUE.equals(running)) {
                markFailed(group);
            }
            changed.run();
        }));
    }

    /** @param stopped what to do once the group stopped here */
    private void release(String group, String reason, Runnable stopped) {
        state = state.withHolding(group, Holding.STOPPING);
        changed.run();
        groups.stop(group, reason).whenComplete((ignored, failure) -> loop.accept(() -> {
            if (failure == null) {
                state = state.without(group);
                stopped.run();
                changed.run();
            }
        }));
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
