package org.jheartbeat.agent.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.history.TransitionHistory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.SenderPosition;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.resource.Fencer;

/**
 * Counts what happens to the agent by listening in on its parts: each wrapper records, then passes the call on
 * unchanged. Membership changes and nodes lost, this node's acquisitions, each group's starts, stops and failures
 * here, fencing, every resource's start and stop times, and how long the last failover of each group took from
 * the moment this node saw its holder gone to the group running here. Each event also goes to the
 * {@link TransitionHistory}.
 */
final class AgentEvents {

    private final MetricRegistry registry;
    private final TransitionHistory history;
    private final Map<String, RunState> groupStates = new ConcurrentHashMap<>();
    private final Map<String, RunState> resourceStates = new ConcurrentHashMap<>();
    private final Map<String, DurationSummary> operationTimes = new ConcurrentHashMap<>();
    private final Map<String, Long> failoversUnderway = new ConcurrentHashMap<>();
    private final Map<String, Duration> lastFailover = new ConcurrentHashMap<>();
    private volatile Set<String> members = Set.of();
    private volatile long lastLossNanos;

    AgentEvents(MetricRegistry registry, Iterable<String> groupIds, TransitionHistory history) {
        this.registry = registry;
        this.history = history;
        for (String counter : new String[] {"membership.changes", "membership.nodes-lost", "fencing.events",
                "cluster.failovers", "cluster.handovers", "cluster.starts"}) {
            registry.counter(counter);
        }
        for (String group : groupIds) {
            for (String counter : new String[] {"starts", "stops", "failures"}) {
                registry.counter(MetricRegistry.name("group", group, counter));
            }
        }
    }

    GroupListener listening(GroupListener next) {
        return new GroupListener() {
            @Override
            public void groupReleased(String group, String reason) {
                next.groupReleased(group, reason);
            }

            @Override
            public void stateChanged(GroupSnapshot snapshot) {
                record(snapshot);
                next.stateChanged(snapshot);
            }
        };
    }

    Membership.Listener observing(Membership.Listener next) {
        return new Membership.Listener() {
            @Override
            public void membersChanged(Set<String> now) {
                Set<String> lost = new HashSet<>(members);
                lost.removeAll(now);
                Set<String> joined = new HashSet<>(now);
                joined.removeAll(members);
                members = Set.copyOf(now);
                history.membersChanged(lost, joined);
                if (!lost.isEmpty()) {
                    lastLossNanos = System.nanoTime();
                }
                registry.counter("membership.changes").inc();
                registry.counter("membership.nodes-lost").inc(lost.size());
                next.membersChanged(now);
            }

            @Override
            public void delivered(String from, SenderPosition position, byte[] payload) {
                next.delivered(from, position, payload);
            }

            @Override
            public void refused(String reason) {
                next.refused(reason);
            }
        };
    }

    Fencer counting(Fencer next) {
        return reason -> {
            registry.counter("fencing.events").inc();
            history.fenced(reason);
            next.fence(reason);
        };
    }

    /**
     * Counts this node's acquisitions; a failover's duration runs from the last node lost to the group started. The
     * history also hears the previous holder and the requests that set handovers off.
     */
    Acquisition.Listener acquisitions() {
        return new Acquisition.Listener() {
            @Override
            public void acquired(String group, Acquisition why) {
                count(group, why);
            }

            @Override
            public void acquired(String group, Acquisition why, String previousHolder) {
                count(group, why);
                history.acquired(group, why, previousHolder);
            }

            @Override
            public void requested(String node, Request request, Set<String> groups) {
                history.requested(node, request.kind().name().toLowerCase(Locale.ROOT) + " "
                        + request.scope().word(), groups);
            }
        };
    }

    private void count(String group, Acquisition why) {
        registry.counter(MetricRegistry.name("cluster", switch (why) {
            case FAILOVER -> "failovers";
            case HANDOVER -> "handovers";
            case START -> "starts";
        })).inc();
        if (why == Acquisition.FAILOVER) {
            failoversUnderway.put(group, lastLossNanos);
        }
    }

    Counter groupCounter(String group, String counter) {
        return registry.counter(MetricRegistry.name("group", group, counter));
    }

    Optional<DurationSummary> operationTime(String resource, String operation) {
        return Optional.ofNullable(operationTimes.get(resource + "/" + operation));
    }

    Optional<Duration> lastFailover(String group) {
        return Optional.ofNullable(lastFailover.get(group));
    }

    private void record(GroupSnapshot snapshot) {
        history.groupChanged(snapshot);
        RunState before = groupStates.put(snapshot.name(), snapshot.state());
        if (before != snapshot.state()) {
            switch (snapshot.state()) {
                case STARTED -> {
                    groupCounter(snapshot.name(), "starts").inc();
                    Long lossNanos = failoversUnderway.remove(snapshot.name());
                    if (lossNanos != null) {
                        lastFailover.put(snapshot.name(), Duration.ofNanos(System.nanoTime() - lossNanos));
                    }
                }
                case STOPPED -> groupCounter(snapshot.name(), "stops").inc();
                case FAILED -> {
                    groupCounter(snapshot.name(), "failures").inc();
                    failoversUnderway.remove(snapshot.name());
                }
                default -> {
                }
            }
        }
        for (ResourceSnapshot resource : snapshot.resources()) {
            RunState was = resourceStates.put(resource.id(), resource.state());
            if (was == RunState.STARTING && resource.state() != RunState.STARTING) {
                summary(resource.id(), "start").update(resource.lastElapsed());
            } else if (was == RunState.STOPPING && resource.state() != RunState.STOPPING) {
                summary(resource.id(), "stop").update(resource.lastElapsed());
            }
        }
    }

    private DurationSummary summary(String resource, String operation) {
        return operationTimes.computeIfAbsent(resource + "/" + operation, key -> new DurationSummary(
                registry.timer(MetricRegistry.name("resource", resource, operation))));
    }
}
