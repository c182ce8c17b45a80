package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each operation of a resource may take. heartbeat waited forever; a bound keeps a hung tool from
 * holding a group for good. A stop that overruns fences the node. The defaults are those of the agent's
 * {@code reference.conf} ({@code jheartbeat.operations}), for code that runs without it.
 */
public record OperationTimeouts(Duration start, Duration stop, Duration status) {

    public static final OperationTimeouts DEFAULTS =
            new OperationTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(20));

    public OperationTimeouts {
        requirePositive(start, "start");
        requirePositive(stop, "stop");
        requirePositive(status, "status");
    }

    public Duration of(ResourceOperation operation) {
        return switch (operation) {
            case START -> start;
            case STOP -> stop;
            case STATUS, ANNOUNCE -> status;
        };
    }

    static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
