package org.jheartbeat.agent.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.codahale.metrics.jmx.JmxReporter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.resource.Fencer;

/**
 * The agent's metrics (Dropwizard Metrics). Gauges read the agent's parts live: cluster members, members seen
 * per link, each group's state, in-place restarts and failures, each resource's latest operation time.
 * Counters and histograms come from wrappers around the agent's listeners and fencer ({@link #listening},
 * {@link #observing}, {@link #counting}): membership changes, nodes lost, group starts, stops and failures,
 * fencing, resource start and stop times; a timer covers status requests. Exposed over JMX (domain
 * {@code jheartbeat}) when the settings ask for it, and to {@code hbctl metrics}.
 */
public final class AgentMetrics implements AutoCloseable {

    public static final String JMX_DOMAIN = "jheartbeat";

    private final MetricRegistry registry = new MetricRegistry();
    private final Timer statusRequests = registry.timer("control.status");
    private final AgentEvents events = new AgentEvents(registry);
    private final Sources sources;
    private JmxReporter jmx;

    /** The parts of the running agent the metrics read; each supplier is called whenever a metric is read. */
    public record Sources(Supplier<Set<String>> members, Supplier<Map<String, Set<String>>> linkMembers,
                          Supplier<Map<String, Long>> linkSilence, Supplier<List<GroupSnapshot>> groups) {
    }

    /** @param resourceIds every configured resource, for their latest operation times */
    public AgentMetrics(Sources sources, List<String> groupIds, List<String> resourceIds) {
        this.sources = sources;
        registry.register("cluster.members", (Gauge<Integer>) () -> sources.members().get().size());
        for (String group : groupIds) {
            registry.register(MetricRegistry.name("group", group, "state"),
                    (Gauge<String>) () -> snapshot(sources, group).map(s -> s.state().word()).orElse("unknown"));
            registry.register(MetricRegistry.name("group", group, "restarts"),
                    (Gauge<Integer>) () -> snapshot(sources, group).map(GroupSnapshot::restarts).orElse(0));
            registry.register(MetricRegistry.name("group", group, "failures"),
                    (Gauge<Integer>) () -> snapshot(sources, group).map(s -> s.failures().size()).orElse(0));
        }
        for (String resource : resourceIds) {
            registry.register(MetricRegistry.name("resource", resource, "last-operation-ms"),
                    (Gauge<Long>) () -> resource(sources, resource).lastElapsed().toMillis());
        }
    }

    /** Gauges of how many members each link sees, once the links exist. */
    public void watchLinks(Collection<String> linkNames) {
        for (String link : linkNames) {
            registry.register(MetricRegistry.name("link", link, "members"),
                    (Gauge<Integer>) () -> sources.linkMembers().get().getOrDefault(link, Set.of()).size());
            registry.register(MetricRegistry.name("link", link, "longest-silence-ms"),
                    (Gauge<Long>) () -> sources.linkSilence().get().getOrDefault(link, 0L));
        }
    }

    /** Counts this node's acquisitions: cluster.failovers, cluster.handovers, cluster.starts. */
    public Acquisition.Listener clusterEvents() {
        return (group, why) -> registry.counter(MetricRegistry.name("cluster", switch (why) {
            case FAILOVER -> "failovers";
            case HANDOVER -> "handovers";
            case START -> "starts";
        })).inc();
    }

    public GroupListener listening(GroupListener next) {
        return events.listening(next);
    }

    public Membership.Listener observing(Membership.Listener next) {
        return events.observing(next);
    }

    public Fencer counting(Fencer next) {
        return events.counting(next);
    }

    private static java.util.Optional<GroupSnapshot> snapshot(Sources sources, String group) {
        return sources.groups().get().stream().filter(snapshot -> snapshot.name().equals(group)).findFirst();
    }

    private static ResourceSnapshot resource(Sources sources, String id) {
        return sources.groups().get().stream().flatMap(group -> group.resources().stream())
                .filter(resource -> resource.id().equals(id)).findFirst().orElseThrow();
    }

    public Timer statusRequests() {
        return statusRequests;
    }

    public void startJmx() {
        jmx = JmxReporter.forRegistry(registry).inDomain(JMX_DOMAIN).convertDurationsTo(TimeUnit.MILLISECONDS)
                .build();
        jmx.start();
    }

    /** Every metric in Prometheus' text format. */
    public String prometheusText() {
        return PrometheusText.render(registry);
    }

    /** Every metric's current value: gauges and counters as numbers or words, histograms and timers as statistics. */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            values.put(entry.getKey(), valueOf(entry.getValue()));
        }
        return values;
    }

    private static Object valueOf(Metric metric) {
        if (metric instanceof Gauge<?> gauge) {
            return gauge.getValue();
        }
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        Map<String, Object> statistics = new LinkedHashMap<>();
        if (metric instanceof Counting counting) {
            statistics.put("count", counting.getCount());
        }
        if (metric instanceof Sampling sampling) {
            Snapshot snapshot = sampling.getSnapshot();
            double toMillis = metric instanceof Timer ? 1e-6 : 1;
            statistics.put("min", snapshot.getMin() * toMillis);
            statistics.put("median", snapshot.getMedian() * toMillis);
            statistics.put("p99", snapshot.get99thPercentile() * toMillis);
            statistics.put("max", snapshot.getMax() * toMillis);
        }
        return statistics;
    }

    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
        }
    }
}
