package org.jheartbeat.agent.group;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.resource.OperationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutable state of one group, changed only on the group's own thread. Each change writes one log line
 * (subject, state, reason) and publishes a fresh immutable {@link GroupSnapshot}.
 */
final class GroupStatus {

    private static final Logger LOG = LoggerFactory.getLogger(GroupManager.class);
    static final int FAILURES_KEPT = 20;

    private final String name;
    private final List<String> resourceIds;
    private final GroupResources group;
    private final Clock clock;
    private final Ticker ticker;
    private final GroupListener listener;

    private RunState state = RunState.STOPPED;
    private Instant since;
    private String reason = "not started on this node";
    private final RunState[] resourceStates;
    private final Instant[] resourceSince;
    private final Duration[] resourceElapsed;
    private final Duration restartWindow;
    /** When each restart in the window happened, on the monotonic clock: a wall-clock step neither forgets nor keeps one. */
    private final Deque<Long> restartTimes = new ArrayDeque<>();
    private final Deque<FailureRecord> failures = new ArrayDeque<>();
    private volatile GroupSnapshot published;

    GroupStatus(GroupResources group, Duration restartWindow, Clock clock, Ticker ticker, GroupListener listener) {
        this.name = group.name();
        this.restartWindow = restartWindow;
        this.resourceIds = group.resources().stream().map(resource -> resource.spec().id()).toList();
        this.group = group;
        this.clock = clock;
        this.ticker = ticker;
        this.listener = listener;
        int size = resourceIds.size();
        this.since = clock.instant();
        this.resourceStates = new RunState[size];
        this.resourceSince = new Instant[size];
        this.resourceElapsed = new Duration[size];
        for (int i = 0; i < size; i++) {
            resourceStates[i] = RunState.STOPPED;
            resourceSince[i] = since;
            resourceElapsed[i] = Duration.ZERO;
        }
        this.published = build();
    }

    RunState state() {
        return state;
    }

    /** Restarts within the restart window. */
    int restarts() {
        long now = ticker.read();
        while (!restartTimes.isEmpty() && now - restartTimes.peekFirst() > restartWindow.toNanos()) {
            restartTimes.removeFirst();
        }
        return restartTimes.size();
    }

    void countRestart() {
        restartTimes.addLast(ticker.read());
    }

    void resetRestarts() {
        restartTimes.clear();
    }

    GroupSnapshot snapshot() {
        return published;
    }

    void group(RunState next, String why) {
        state = next;
        since = clock.instant();
        reason = why;
        switch (next) {
            case FENCING, BLOCKED -> LOG.error("group {} {}: {}", name, next.word(), why);
            case FAILED -> LOG.warn("group {} {}: {}", name, next.word(), why);
            default -> LOG.info("group {} {}: {}", name, next.word(), why);
        }
        if (next == RunState.STARTING) {
            HeartbeatLog.acquiringGroup(group.haresourcesLine());
        } else if (next == RunState.STOPPING) {
            HeartbeatLog.releasingGroup(group.haresourcesLine());
        }
        publish();
    }

    void resource(int index, RunState next, String why) {
        resourceStates[index] = next;
        resourceSince[index] = clock.instant();
        String subject = resourceIds.get(index);
        switch (next) {
            case FENCING, BLOCKED -> LOG.error("resource {} {}: {} (group {})", subject, next.word(), why, name);
            case FAILED -> LOG.warn("resource {} {}: {} (group {})", subject, next.word(), why, name);
            default -> LOG.info("resource {} {}: {} (group {})", subject, next.word(), why, name);
        }
        if (next == RunState.STARTING || next == RunState.STOPPING) {
            HeartbeatLog.running(group.heartbeatCommand(index), next == RunState.STARTING ? "start" : "stop");
        }
        publish();
    }

    void elapsed(int index, Duration elapsed) {
        resourceElapsed[index] = elapsed;
    }

    void failure(int index, ResourceOperation operation, OperationResult result) {
        if (failures.size() == FAILURES_KEPT) {
            failures.removeFirst();
        }
        failures.addLast(new FailureRecord(clock.instant(), resourceIds.get(index), operation, result.outcome(),
                result.reason()));
        publish();
    }

    /** An operator looked at the failures ({@code hbctl resource cleanup}): they are forgotten. */
    void clearFailures() {
        failures.clear();
        restartTimes.clear();
        if (state == RunState.FAILED) {
            group(RunState.STOPPED, "failures cleaned up by the operator");
        } else {
            publish();
        }
    }

    private void publish() {
        published = build();
        try {
            listener.stateChanged(published);
        } catch (RuntimeException e) {
            LOG.error("group {}: state listener failed", name, e);
        }
    }

    private GroupSnapshot build() {
        List<ResourceSnapshot> resources = new ArrayList<>(resourceIds.size());
        for (int i = 0; i < resourceIds.size(); i++) {
            resources.add(new ResourceSnapshot(resourceIds.get(i), resourceStates[i], resourceSince[i],
                    resourceElapsed[i]));
        }
        return new GroupSnapshot(name, state, since, reason, resources, restarts(), List.copyOf(failures));
    }
}
