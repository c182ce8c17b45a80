package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each operation of a resource may take. heartbeat waited forever; a bound keeps a hung tool from
 * holding a group for good. A stop that overruns fences the node. The defaults are those of the agent's
 * {@code reference.conf} ({@code jheartbeat.operations}), for code that runs without it. A site's own heartbeat
 * scripts get {@link #UNBOUNDED} unless the site gives their type a timeout ({@link GroupPolicy#timeout}).
 */
public record OperationTimeouts(Duration start, Duration stop, Duration status) {

    public static final OperationTimeouts DEFAULTS =
            new OperationTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(20));

    /**
     * heartbeat's own "no time limit" (a century, so that deadline arithmetic in nanoseconds cannot overflow): a
     * database that flushes for minutes before its stop returns is waited for, as heartbeat waits for it.
     */
    public static final Duration UNBOUNDED = Duration.ofDays(36_525);
    public static final OperationTimeouts NONE = new OperationTimeouts(UNBOUNDED, UNBOUNDED, UNBOUNDED);

    /** "60000 ms", or "no time limit" for {@link #UNBOUNDED}. */
    public static String describe(Duration timeout) {
        return timeout.equals(UNBOUNDED) ? "no time limit" : timeout.toMillis() + " ms";
    }

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
