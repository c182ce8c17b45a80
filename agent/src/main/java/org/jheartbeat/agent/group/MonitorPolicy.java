package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Set;

/**
 * Whether and how running resources are watched. heartbeat v1 did not watch at all; we watch the plugin types
 * (whose status is exact) and OCF agents (whose contract includes monitor) by default, and a site's own heartbeat
 * scripts only when it names them in {@code scripts}: heartbeat asked their status only before a start, so many
 * answer it loosely (nothing at all, or "stopped" while serving).
 *
 * @param enabled       whether to check running resources periodically
 * @param interval      time between the end of one check of the group and the start of the next
 * @param maxRestarts   how many in-place restarts the group may have within {@code restartWindow}; one more
 *                      failure releases it for failover. A new start of the group on this node forgets them.
 * @param restartWindow how long a restart counts against {@code maxRestarts}, so that a group that fails once
 *                      a month is not released on its fourth month
 * @param scripts       the resource.d and init.d scripts (by haresources type name) the site wants watched too
 */
public record MonitorPolicy(boolean enabled, Duration interval, int maxRestarts, Duration restartWindow,
                            Set<String> scripts) {

    public static final MonitorPolicy DEFAULTS =
            new MonitorPolicy(true, Duration.ofSeconds(10), 3, Duration.ofHours(1), Set.of());

    /** Watching no heartbeat script. */
    public MonitorPolicy(boolean enabled, Duration interval, int maxRestarts, Duration restartWindow) {
        this(enabled, interval, maxRestarts, restartWindow, Set.of());
    }

    public MonitorPolicy {
        scripts = Set.copyOf(scripts);
        OperationTimeouts.requirePositive(interval, "monitor interval");
        OperationTimeouts.requirePositive(restartWindow, "restart window");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
        }
    }
}
