package org.jheartbeat.agent.group;

import java.time.Duration;

/**
 * Whether and how running resources are watched. heartbeat v1 did not watch at all; we do by default.
 *
 * @param enabled       whether to check running resources periodically
 * @param interval      time between the end of one check of the group and the start of the next
 * @param maxRestarts   how many in-place restarts the group may have within {@code restartWindow}; one more
 *                      failure releases it for failover. A new start of the group on this node forgets them.
 * @param restartWindow how long a restart counts against {@code maxRestarts}, so that a group that fails once
 *                      a month is not released on its fourth month
 */
public record MonitorPolicy(boolean enabled, Duration interval, int maxRestarts, Duration restartWindow) {

    public static final MonitorPolicy DEFAULTS =
            new MonitorPolicy(true, Duration.ofSeconds(10), 3, Duration.ofHours(1));

    public MonitorPolicy {
        OperationTimeouts.requirePositive(interval, "monitor interval");
        OperationTimeouts.requirePositive(restartWindow, "restart window");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
        }
    }
}
