package org.jheartbeat.agent.group;

/**
 * What a resource says of itself to the group manager: whether it is a site script of heartbeat's own kind
 * ({@code resource.d} or an LSB init script). heartbeat 3.0.6 ran those without a time limit and asked their status
 * only before a start and after a failed stop, so the manager does the same unless the site opts in
 * ({@code jheartbeat.operations.by-type.NAME}, {@code jheartbeat.monitor.scripts}). Resources that do not implement
 * this (the plugin types, whose status is exact, and OCF agents, whose contract includes monitor) are bounded and
 * watched.
 */
public interface HeartbeatScript {

    /** Whether the resource is a heartbeat resource.d or LSB init script (an OCF agent is not). */
    boolean heartbeatScript();

    /** Whether it is an LSB init script, which heartbeat runs from /etc/init.d. */
    boolean initScript();

    static boolean isHeartbeatScript(Object resource) {
        return resource instanceof HeartbeatScript script && script.heartbeatScript();
    }
}
