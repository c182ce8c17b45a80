package org.jheartbeat.agent.control;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;

/**
 * The agent side of the control socket held at one cluster state, for tests of the socket, its clients and
 * their output: status and parameters come from a real configuration and a fixed report; requests are recorded.
 */
public final class FixedAgent implements AgentOperations {

    private final ClusterConfig config;
    private volatile StatusReport status;
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public FixedAgent(ClusterConfig config, StatusReport status) {
        this.config = config;
        this.status = status;
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
        requests.add("cleanup " + target);
        return List.of(target);
    }

    @Override
    public Optional<String> parameter(String name) {
        return new HeartbeatParameters(config.haCf(), "0.1.0").of(name);
    }

    @Override
    public Map<String, Object> metrics() {
        return Map.of("cluster.members", 2);
    }
}
