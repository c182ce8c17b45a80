package org.jheartbeat.agent.group;

import java.time.Instant;
import java.util.List;

/**
 * A group's state at one moment, for status and metrics.
 *
 * @param restarts in-place restarts within the monitor's restart window since the group's last start here
 * @param failures the most recent failed operations, oldest first
 */
public record GroupSnapshot(String name, RunState state, Instant since, String reason,
                            List<ResourceSnapshot> resources, int restarts, List<FailureRecord> failures) {

    public GroupSnapshot {
        resources = List.copyOf(resources);
        failures = List.copyOf(failures);
    }
}
