package org.jheartbeat.agent.config;

import java.time.Duration;

/**
 * Failure detection times from ha.cf: heartbeats every {@code keepalive}; a late one is warned about after
 * {@code warntime}; a node silent for {@code deadtime} is dead; at start-up peers get {@code initdead}.
 */
public record Timing(Duration keepalive, Duration warntime, Duration deadtime, Duration initdead) {

    @Override
    public String toString() {
        return "keepalive " + HeartbeatTime.format(keepalive) + ", warntime " + HeartbeatTime.format(warntime)
                + ", deadtime " + HeartbeatTime.format(deadtime) + ", initdead " + HeartbeatTime.format(initdead);
    }
}
