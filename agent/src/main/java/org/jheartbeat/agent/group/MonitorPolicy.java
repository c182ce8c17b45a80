package org.jheartbeat.agent.group;

import java.time.Duration;

/**
 * Whether and how running resources are watched. heartbeat v1 did not watch at all; we do by default.
 *
 * @param enabled     whether to check running resources periodically
 * @param interval    time between the end of one check of the group and the start of the next
 * @param maxRestarts how many times a group may be restarted in place after a failed check, counted from its
 *                    last start on this node; one more failure releases it for failover
 */
public record MonitorPolicy(boolean enabled, Duration interval, int maxRestarts) {

    public static final MonitorPolicy DEFAULTS = new MonitorPolicy(true, Duration.ofSeconds(10), 3);

    public MonitorPolicy {
        OperationTimeouts.requirePositive(interval, "monitor interval");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
        }
    }
}
