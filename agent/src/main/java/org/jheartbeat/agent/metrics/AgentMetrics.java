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
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.commandline.JheartbeatVersion;
import org.jheartbeat.agent.control.StatusReport;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.history.TransitionHistory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.resource.Fencer;

/**
 * The agent's metrics. Dropwizard Metrics holds what is counted and timed, for JMX (domain {@code jheartbeat}, when
 * the settings ask for it) and {@code hbctl metrics}: gauges reading the agent's parts live, counters and timers
 * from wrappers around its listeners and fencer ({@link #listening}, {@link #observing}, {@link #counting},
 * {@link #clusterEvents}). {@link #prometheusText} writes them with Prometheus' conventions, and the states the
 * way ha_cluster_exporter writes Pacemaker's: one series per node, link, group and resource and per state it can
 * be in, valued 1 for the state it is in and 0 for the others, so a query needs no knowledge of absent series.
 */
public final class AgentMetrics implements AutoCloseable {

    public static final String JMX_DOMAIN = "jheartbeat";
    /** A node's states as hbctl status words them. */
    static final List<String> NODE_STATES = List.of("online", "standby", "pending", "offline", "heartbeat3",
            "restarting", "releasing", "split");
    /** A node on a link: heartbeat's words. */
    static final List<String> LINK_STATES = List.of("up", "dead");

    private final MetricRegistry registry = new MetricRegistry();
    private final DurationSummary statusRequests = new DurationSummary(registry.timer("control.status"));
    private final TransitionHistory history;
    private final AgentEvents events;
    private final Sources sources;
    private final List<String> groupIds;
    private final List<String> resourceIds;
    private JmxReporter jmx;

    /**
     * The parts of the running agent the metrics read; each supplier is called whenever a metric is read.
     *
     * @param nodes every configured node as hbctl status reports it, empty when the agent did not answer in time
     * @param rejectedPackets per link, datagrams its transport refused unread
     */
    public record Sources(Supplier<Set<String>> members, Supplier<List<StatusReport.Node>> nodes,
                          Supplier<Map<String, Set<String>>> linkMembers, Supplier<Map<String, Long>> linkSilence,
                          Supplier<Map<String, Long>> rejectedPackets, Supplier<List<GroupSnapshot>> groups) {
    }

    /** @param resourceIds every configured resource, for their latest operation times */
    public AgentMetrics(Sources sources, List<String> groupIds, List<String> resourceIds) {
        this.sources = sources;
        this.groupIds = List.copyOf(groupIds);
        this.resourceIds = List.copyOf(resourceIds);
        this.history = new TransitionHistory(Clock.systemUTC(), groupIds);
        this.events = new AgentEvents(registry, groupIds, history);
        registry.register("cluster.members", (Gauge<Integer>) () -> sources.members().get().size());
        for (String group : groupIds) {
            registry.register(MetricRegistry.name("group", group, "state"),
                    (Gauge<String>) () -> snapshot(group).map(s -> s.state().word()).orElse("unknown"));
            registry.register(MetricRegistry.name("group", group, "restarts"),
                    (Gauge<Integer>) () -> snapshot(group).map(GroupSnapshot::restarts).orElse(0));
            registry.register(MetricRegistry.name("group", group, "recent-failures"),
                    (Gauge<Integer>) () -> snapshot(group).map(s -> s.failures().size()).orElse(0));
        }
        for (String resource : resourceIds) {
            registry.register(MetricRegistry.name("resource", resource, "last-operation-ms"),
                    (Gauge<Long>) () -> resource(resource).map(r -> r.lastElapsed().toMillis()).orElse(0L));
        }
    }

    /** Gauges of how many members each link sees, once the links exist. */
    public void watchLinks(Collection<String> linkNames) {
        for (String link : linkNames) {
            registry.register(MetricRegistry.name("link", link, "members"),
                    (Gauge<Integer>) () -> sources.linkMembers().get().getOrDefault(link, Set.of()).size());
            registry.register(MetricRegistry.name("link", link, "longest-silence-ms"),
                    (Gauge<Long>) () -> sources.linkSilence().get().getOrDefault(link, 0L));
            registry.register(MetricRegistry.name("link", link, "rejected-packets"),
                    (Gauge<Long>) () -> sources.rejectedPackets().get().getOrDefault(link, 0L));
        }
    }

    /** The last transitions of this node's groups, fed by the same wrappers as the metrics. */
    public TransitionHistory history() {
        return history;
    }

    /** Counts this node's acquisitions: cluster.failovers, cluster.handovers, cluster.starts. */
    public Acquisition.Listener clusterEvents() {
        return events.acquisitions();
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

    private Optional<GroupSnapshot> snapshot(String group) {
        return sources.groups().get().stream().filter(snapshot -> snapshot.name().equals(group)).findFirst();
    }

    private Optional<ResourceSnapshot> resource(String id) {
        return sources.groups().get().stream().flatMap(group -> group.resources().stream())
                .filter(resource -> resource.id().equals(id)).findFirst();
    }

    /** Times one status request: {@code try (var timed = metrics.timeStatusRequest()) { ... }}. */
    public DurationSummary.Timed timeStatusRequest() {
        return statusRequests.time();
    }

    public void startJmx() {
        jmx = JmxReporter.forRegistry(registry).inDomain(JMX_DOMAIN).convertDurationsTo(TimeUnit.MILLISECONDS)
                .build();
        jmx.start();
    }

    /** Every metric in Prometheus' text format; docs/metrics.md lists the families. */
    public String prometheusText() {
        PrometheusText text = new PrometheusText();
        text.family("build_info", "gauge", "Always 1; the running agent's version as a label.")
                .sample("build_info", 1, "version", JheartbeatVersion.current());
        text.family("cluster_members", "gauge", "Nodes in this node's membership, itself included.")
                .sample("cluster_members", sources.members().get().size());
        nodeSeries(text);
        linkSeries(text);
        groupSeries(text);
        resourceSeries(text);
        counter(text, "membership_changes_total", "Membership changes this node saw.", "membership.changes");
        counter(text, "membership_nodes_lost_total", "Nodes that left this node's membership.",
                "membership.nodes-lost");
        counter(text, "cluster_failovers_total", "Groups this node took over after their holder died.",
                "cluster.failovers");
        counter(text, "cluster_handovers_total", "Groups this node took over from a holder that handed them over.",
                "cluster.handovers");
        counter(text, "cluster_starts_total", "Groups this node started where no node held them.", "cluster.starts");
        counter(text, "fencing_events_total", "Times this node fenced itself.", "fencing.events");
        text.family("control_status_request_seconds", "summary", "Time to answer a status request.")
                .summary("control_status_request_seconds", statusRequests);
        return text.toString();
    }

    private void nodeSeries(PrometheusText text) {
        text.family("node_status", "gauge", "1 for the state each configured node is in as this node sees it "
                + "(online, standby, pending, offline, heartbeat3), 0 for the others.");
        for (StatusReport.Node node : sources.nodes().get()) {
            for (String state : NODE_STATES) {
                text.sample("node_status", state.equals(node.state()) ? 1 : 0, "node", node.name(), "status", state);
            }
        }
    }

    private void linkSeries(PrometheusText text) {
        Map<String, Set<String>> linkMembers = sources.linkMembers().get();
        text.family("link_members", "gauge", "Nodes heard on each link, this node included.");
        linkMembers.forEach((link, members) -> text.sample("link_members", members.size(), "link", link));
        text.family("link_status", "gauge", "1 for whether each configured node is heard on each link (up) or not "
                + "(dead), 0 for the other.");
        for (StatusReport.Node node : sources.nodes().get()) {
            for (StatusReport.Link link : node.links()) {
                for (String state : LINK_STATES) {
                    text.sample("link_status", link.up() == state.equals("up") ? 1 : 0, "link", link.name(), "node",
                            node.name(), "status", state);
                }
            }
        }
        text.family("link_longest_silence_seconds", "gauge", "How long the member heard least recently on each "
                + "link has been silent: the gap deadtime is measured against.");
        sources.linkSilence().get().forEach((link, millis) ->
                text.sample("link_longest_silence_seconds", millis / 1000.0, "link", link));
        text.family("rejected_packets_total", "counter", "Datagrams each link's transport refused unread: not "
                + "from this cluster, not authentic, relayed or replayed.");
        sources.rejectedPackets().get().forEach((link, count) ->
                text.sample("rejected_packets_total", count, "link", link));
    }

    private void groupSeries(PrometheusText text) {
        List<GroupSnapshot> snapshots = sources.groups().get();
        text.family("group_state", "gauge", "1 for the state each group is in on this node, 0 for the others.");
        for (GroupSnapshot group : snapshots) {
            for (RunState state : RunState.values()) {
                text.sample("group_state", state == group.state() ? 1 : 0, "group", group.name(), "state",
                        state.word());
            }
        }
        text.family("group_restarts", "gauge", "In-place restarts of each group within its restart window.");
        snapshots.forEach(group -> text.sample("group_restarts", group.restarts(), "group", group.name()));
        text.family("group_recent_failures", "gauge", "Failures of each group on this node still counted against "
                + "it (hbctl cleanup clears them).");
        snapshots.forEach(group -> text.sample("group_recent_failures", group.failures().size(), "group",
                group.name()));
        for (String counter : new String[] {"starts", "stops", "failures"}) {
            String name = "group_" + counter + "_total";
            text.family(name, "counter", "Times each group " + switch (counter) {
                case "starts" -> "started";
                case "stops" -> "stopped";
                default -> "failed";
            } + " on this node.");
            groupIds.forEach(group -> text.sample(name, events.groupCounter(group, counter).getCount(), "group",
                    group));
        }
        text.family("last_failover_duration_seconds", "gauge", "For each group this node last took over after its "
                + "holder died: from the holder leaving this node's membership to the group running here.");
        groupIds.forEach(group -> events.lastFailover(group).ifPresent(duration ->
                text.sample("last_failover_duration_seconds", duration.toNanos() / 1e9, "group", group)));
    }

    private void resourceSeries(PrometheusText text) {
        List<GroupSnapshot> snapshots = sources.groups().get();
        text.family("resource_state", "gauge", "1 for the state each resource is in on this node, 0 for the others.");
        for (GroupSnapshot group : snapshots) {
            for (ResourceSnapshot resource : group.resources()) {
                for (RunState state : RunState.values()) {
                    text.sample("resource_state", state == resource.state() ? 1 : 0, "group", group.name(),
                            "resource", resource.id(), "state", state.word());
                }
            }
        }
        text.family("resource_last_operation_seconds", "gauge", "How long each resource's latest operation took.");
        snapshots.stream().flatMap(group -> group.resources().stream()).forEach(resource -> text.sample(
                "resource_last_operation_seconds", resource.lastElapsed().toNanos() / 1e9, "resource", resource.id()));
        for (String operation : new String[] {"start", "stop"}) {
            String name = "resource_" + operation + "_seconds";
            text.family(name, "summary", "How long each resource's " + operation + "s took on this node.");
            resourceIds.forEach(resource -> events.operationTime(resource, operation).ifPresent(summary ->
                    text.summary(name, summary, "resource", resource)));
        }
    }

    private void counter(PrometheusText text, String name, String help, String registryName) {
        text.family(name, "counter", help).sample(name, registry.counter(registryName).getCount());
    }

    /** Every metric's current value: gauges and counters as numbers or words, timers as statistics in ms. */
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
