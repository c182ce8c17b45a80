package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jheartbeat.resource.Resource;

/**
 * The timing rules of the group manager.
 *
 * @param timeouts     per operation, for every type without an override
 * @param perType      overrides by haresources type name (e.g. {@code Filesystem} with a long start for fsck);
 *                     the only way a heartbeat script gets a time limit
 * @param monitor      how running resources are watched
 * @param stopRetries  how a failed stop is tried again before the node fences itself
 * @param overrunGrace how long past its timeout an operation may take before the manager stops waiting and
 *                     counts it as timed out: agents bound their own commands, and killing a command's process
 *                     group takes a moment
 */
public record GroupPolicy(OperationTimeouts timeouts, Map<String, OperationTimeouts> perType, MonitorPolicy monitor,
                          StopRetryPolicy stopRetries, Duration overrunGrace) {

    public static final Duration DEFAULT_OVERRUN_GRACE = Duration.ofSeconds(5);
    public static final GroupPolicy DEFAULTS = new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(),
            MonitorPolicy.DEFAULTS, StopRetryPolicy.DEFAULTS, DEFAULT_OVERRUN_GRACE);

    public GroupPolicy {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(stopRetries, "stopRetries");
        perType = Map.copyOf(perType);
        OperationTimeouts.requirePositive(overrunGrace, "overrun grace");
    }

    /**
     * The time limit of one operation: the resource type's own ({@code operations.by-type}); else none for a heartbeat
     * script, as heartbeat had none; else the defaults.
     */
    public Duration timeout(Resource resource, ResourceOperation operation) {
        OperationTimeouts fallback = HeartbeatScript.isHeartbeatScript(resource) ? OperationTimeouts.NONE : timeouts;
        return perType.getOrDefault(resource.spec().type(), fallback).of(operation);
    }

    /**
     * Whether a monitor pass checks this running resource: not a heartbeat script unless the site named it. Whether
     * passes run by themselves is {@code monitor.enabled()}.
     */
    public boolean monitors(Resource resource) {
        return !HeartbeatScript.isHeartbeatScript(resource) || monitor.scripts().contains(resource.spec().type());
    }
}
