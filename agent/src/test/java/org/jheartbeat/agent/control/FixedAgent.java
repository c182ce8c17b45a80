package org.jheartbeat.agent.control;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.group.GroupBlockedException;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Simulation;
import org.jheartbeat.agent.ownership.Topology;

/**
 * The agent side of the control socket held at one cluster state, for tests of the socket, its clients and
 * their output: status and parameters come from a real configuration and a fixed report; requests are recorded.
 */
public final class FixedAgent implements AgentOperations {

    private final ClusterConfig config;
    private volatile StatusReport status;
    private volatile ReloadReply reload = new ReloadReply(true, List.of("Configuration unchanged."));
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Groups BLOCKED here, whose cleanup is refused. */
    public final Set<String> blocked = new CopyOnWriteArraySet<>();
    private volatile HistoryReport history;

    public FixedAgent(ClusterConfig config, StatusReport status) {
        this.config = config;
        this.status = status;
        this.history = new HistoryReport(config.localNode(), 64, List.of());
    }

    public void show(StatusReport report) {
        status = report;
    }

    @Override
    public StatusReport status() {
        return status;
    }

    @Override
    public void request(Optional<String> node, Request.Kind kind, Scope scope) {
        requests.add(kind.name().toLowerCase() + " " + scope.word() + node.map(name -> " for " + name).orElse(""));
    }

    @Override
    public List<String> cleanup(String target) {
        if (config.group(target).isEmpty()) {
            throw new IllegalArgumentException("no group or resource is named '" + target + "'");
        }
        if (blocked.contains(target)) {
            throw new GroupBlockedException("group " + target + " is blocked here and stays so");
        }
        requests.add("cleanup " + target);
        return List.of(target);
    }

    /** What the next reloads answer. */
    public void reloads(ReloadReply reply) {
        reload = reply;
    }

    @Override
    public ReloadReply reload() {
        requests.add("reload");
        return reload;
    }

    @Override
    public Optional<String> parameter(String name) {
        return new HeartbeatParameters(config.haCf(), "0.1.0").of(name);
    }

    @Override
    public Map<String, Object> metrics() {
        return Map.of("cluster.members", 2);
    }

    /** Transitions for history to show. */
    public void remember(HistoryReport report) {
        history = report;
    }

    @Override
    public HistoryReport history() {
        return history;
    }

    /** The real simulation, on every configured node being a member and each group running on its preferred node. */
    @Override
    public SimulationReport simulate(Simulation.Event event) {
        Map<String, NodeState> members = new HashMap<>();
        config.haCf().nodes().forEach(node -> members.put(node, NodeState.idle(node)));
        config.groups().forEach(group -> members.computeIfPresent(group.preferredNode(),
                (node, state) -> state.withHolding(group.id(), Holding.RUNNING)));
        return SimulationReport.of(config.localNode(), Topology.of(config), config.groups(), members,
                event.orOn(config.localNode()));
    }
}
