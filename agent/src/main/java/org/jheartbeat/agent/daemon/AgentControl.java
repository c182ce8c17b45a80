package org.jheartbeat.agent.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jheartbeat.agent.commandline.JheartbeatVersion;
import org.jheartbeat.agent.cluster.ClusterView;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ClusterDigest;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.group.GroupBlockedException;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.cli.RelayedCommands;
import org.jheartbeat.agent.control.AgentOperations;
import org.jheartbeat.agent.control.ControlServer;
import org.jheartbeat.agent.control.HeartbeatParameters;
import org.jheartbeat.agent.control.HistoryReport;
import org.jheartbeat.agent.control.SimulationReport;
import org.jheartbeat.agent.control.RequestHandler;
import org.jheartbeat.agent.control.StatusBuilder;
import org.jheartbeat.agent.control.StatusReport;
import org.jheartbeat.agent.config.Settings;
import org.jheartbeat.agent.metrics.AgentMetrics;
import org.jheartbeat.agent.metrics.PrometheusEndpoint;
import org.jheartbeat.agent.history.TransitionHistory;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Simulation;
import org.jheartbeat.agent.ownership.Topology;

/** The running agent as the control socket sees it, and the socket and metrics' lifetime alongside it. */
final class AgentControl implements AgentOperations, AutoCloseable {

    /** Longest wait for the cluster loop; it answers in microseconds unless the node is busy or frozen. */
    private static final long ANSWER_TIMEOUT_MS = 2000;

    private final NodeAgent agent;
    /** Replaced by a reload, read by the control socket's threads. */
    private volatile ClusterConfig config;
    private final Clock clock;
    private volatile StatusBuilder status;
    private final AgentMetrics metrics;
    private PrometheusEndpoint prometheus;
    private ControlServer server;

    AgentControl(NodeAgent agent, ClusterConfig config, Clock clock, AgentMetrics metrics) {
        this.agent = agent;
        this.config = config;
        this.clock = clock;
        this.status = new StatusBuilder(config, JheartbeatVersion.current(), ClusterDigest.of(config));
        this.metrics = metrics;
    }

    /** The agent's metrics, reading its parts once they exist; wire its wrappers in as the parts are built. */
    static AgentMetrics metricsOf(NodeAgent agent, ClusterConfig config) {
        StatusBuilder nodes = new StatusBuilder(config, JheartbeatVersion.current(), ClusterDigest.of(config));
        return new AgentMetrics(new AgentMetrics.Sources(() -> agent.membership().members(),
                () -> nodeStates(agent, nodes), () -> agent.membership().linkMembers(),
                () -> agent.membership().longestSilence(), () -> agent.membership().rejectedPackets(),
                () -> agent.groups().snapshots()),
                config.groups().stream().map(ResourceGroup::id).toList(),
                config.groups().stream().flatMap(group -> group.resources().stream()).map(ConfiguredResource::id)
                        .toList());
    }

    /** Every node as hbctl status reports it; none while the cluster loop does not answer, so a scrape never hangs. */
    private static List<StatusReport.Node> nodeStates(NodeAgent agent, StatusBuilder nodes) {
        try {
            ClusterView view = await(agent.cluster().view());
            return nodes.build(view, agent.membership().linkMembers(), agent.membership().standing(),
                    agent.groups().snapshots(), Instant.now())
                    .nodes();
        } catch (UnavailableException e) {
            return List.of();
        }
    }

    /** Opens the control socket and, when the settings ask for them, the JMX reporter and the Prometheus endpoint. */
    void open() throws IOException {
        Settings.Metrics wanted = config.settings().metrics();
        if (wanted.jmx()) {
            metrics.startJmx();
        }
        if (wanted.prometheus()) {
            prometheus = PrometheusEndpoint.open(wanted.prometheusAddress(), wanted.prometheusPort(),
                    metrics::prometheusText);
        }
        server = ControlServer.open(config.settings().controlSocket(),
                new RequestHandler(this, new RelayedCommands(clock)));
    }

    @Override
    public StatusReport status() throws UnavailableException {
        try (var timed = metrics.timeStatusRequest()) {
            ClusterView view = await(agent.cluster().view());
            return status.build(view, agent.membership().linkMembers(), agent.membership().standing(),
                    agent.groups().snapshots(), clock.instant());
        }
    }

    @Override
    public void request(Optional<String> node, Request.Kind kind, Scope scope) throws UnavailableException {
        await(node.isPresent() ? agent.cluster().requestFor(node.get(), kind, scope)
                : agent.cluster().request(kind, scope));
        if (node.isEmpty() || node.get().equals(config.localNode())) {
            // A heartbeat 3 node is no member: the request reaches it through heartbeat's own handover.
            if (kind == Request.Kind.STANDBY) {
                agent.membership().standbyTowardsHeartbeatNodes(scope.word());
            } else {
                agent.membership().takeoverFromHeartbeatNodes(scope.word());
            }
        }
    }

    @Override
    public List<String> cleanup(String target) throws UnavailableException {
        Set<String> groups = new LinkedHashSet<>();
        for (ResourceGroup group : config.groups()) {
            if (group.id().equals(target)
                    || group.resources().stream().map(ConfiguredResource::id).anyMatch(target::equals)) {
                groups.add(group.id());
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no group or resource is named '" + target
                    + "'; hbctl status lists them");
        }
        for (String group : groups) {
            Optional<GroupManager> manager = agent.groups().group(group);
            if (manager.isPresent()) {
                // A blocked group's cleanup asks its status and may stop the rest of it, queued behind its thread.
                await(manager.get().clearFailures(), ANSWER_TIMEOUT_MS + manager.get().stopIfHeldBound().toMillis());
            }
        }
        // Last: a group whose cleanup was refused here stays marked failed in the cluster too.
        await(agent.cluster().clearFailures(groups));
        return List.copyOf(groups);
    }

    /** A reload made {@code effective} the configuration the agent runs. */
    void reconfigured(ClusterConfig effective) {
        config = effective;
        status = new StatusBuilder(effective, JheartbeatVersion.current(), ClusterDigest.of(effective));
    }

    @Override
    public ReloadReply reload() {
        ReloadOutcome outcome = agent.reload();
        return new ReloadReply(outcome.applied(), outcome.lines());
    }

    @Override
    public Optional<String> parameter(String name) {
        return new HeartbeatParameters(config.haCf(), JheartbeatVersion.current()).of(name);
    }

    @Override
    public Map<String, Object> metrics() {
        return metrics.values();
    }

    @Override
    public HistoryReport history() {
        return new HistoryReport(config.localNode(), TransitionHistory.CAPACITY, metrics.history().transitions());
    }

    /** On the members' latest states as this node holds them: every member reports its state to every other. */
    @Override
    public SimulationReport simulate(Simulation.Event event) throws UnavailableException {
        ClusterView view = await(agent.cluster().view());
        Map<String, NodeState> members = new HashMap<>(view.states());
        members.keySet().retainAll(view.members());
        return SimulationReport.of(config.localNode(), Topology.of(config), config.groups(), members,
                event.orOn(config.localNode()));
    }

    private static <T> T await(CompletableFuture<T> answer) throws UnavailableException {
        return await(answer, ANSWER_TIMEOUT_MS);
    }

    private static <T> T await(CompletableFuture<T> answer, long timeoutMillis) throws UnavailableException {
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnavailableException("the agent did not answer within " + timeoutMillis + " ms; it may be "
                    + "busy or frozen, try again");
        } catch (ExecutionException e) {
            // A request refused for what it asks (a node that is no member) is the caller's error, not the agent's.
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            if (e.getCause() instanceof GroupBlockedException blocked) {
                throw blocked;
            }
            throw new UnavailableException("the agent failed to answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        metrics.close();
    }
}
