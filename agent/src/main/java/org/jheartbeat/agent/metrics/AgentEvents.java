package org.jheartbeat.agent.metrics;

import com.codahale.metrics.MetricRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.resource.Fencer;

/**
 * Counts what happens to the agent by listening in on its parts: each wrapper records, then passes the call on
 * unchanged. Membership changes and nodes lost, group starts, stops and failures on this node, fencing, and
 * every resource's start and stop times (histograms, ms).
 */
final class AgentEvents {

    private final MetricRegistry registry;
    private final Map<String, RunState> groupStates = new ConcurrentHashMap<>();
    private final Map<String, RunState> resourceStates = new ConcurrentHashMap<>();
    private volatile Set<String> members = Set.of();

    AgentEvents(MetricRegistry registry) {
        this.registry = registry;
        for (String counter : new String[] {"membership.changes", "membership.nodes-lost", "group.starts",
                "group.stops", "group.failures", "fencing.events"}) {
            registry.counter(counter);
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
                members = Set.copyOf(now);
                registry.counter("membership.changes").inc();
                registry.counter("membership.nodes-lost").inc(lost.size());
                next.membersChanged(now);
            }

            @Override
            public void delivered(String from, byte[] payload) {
                next.delivered(from, payload);
            }
        };
    }

    Fencer counting(Fencer next) {
        return reason -> {
            registry.counter("fencing.events").inc();
            next.fence(reason);
        };
    }

    private void record(GroupSnapshot snapshot) {
        RunState before = groupStates.put(snapshot.name(), snapshot.state());
        if (before != snapshot.state()) {
            switch (snapshot.state()) {
                case STARTED -> registry.counter("group.starts").inc();
                case STOPPED -> registry.counter("group.stops").inc();
                case FAILED -> registry.counter("group.failures").inc();
                default -> {
                }
            }
        }
        for (ResourceSnapshot resource : snapshot.resources()) {
            RunState was = resourceStates.put(resource.id(), resource.state());
            if (was == RunState.STARTING && resource.state() != RunState.STARTING) {
                registry.histogram(MetricRegistry.name("resource", resource.id(), "start-ms"))
                        .update(resource.lastElapsed().toMillis());
            } else if (was == RunState.STOPPING && resource.state() != RunState.STOPPING) {
                registry.histogram(MetricRegistry.name("resource", resource.id(), "stop-ms"))
                        .update(resource.lastElapsed().toMillis());
            }
        }
    }
}
