package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each operation of a resource may take. heartbeat waited forever; these bounds are long enough for an
 * fsck-free mount, a DRBD promotion or an NFS server's start, and short enough that a hung tool does not hold a
 * group forever. A stop that overruns fences the node, which is why stop gets the most time.
 */
public record OperationTimeouts(Duration start, Duration stop, Duration status) {

    public static final OperationTimeouts DEFAULTS =
            new OperationTimeouts(Duration.ofSeconds(120), Duration.ofSeconds(180), Duration.ofSeconds(30));

    public OperationTimeouts {
        requirePositive(start, "start");
        requirePositive(stop, "stop");
        requirePositive(status, "status");
    }

    public Duration of(ResourceOperation operation) {
        return switch (operation) {
            case START -> start;
            case STOP -> stop;
            case STATUS -> status;
        };
    }

    static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
