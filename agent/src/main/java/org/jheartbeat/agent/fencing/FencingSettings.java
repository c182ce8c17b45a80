package org.jheartbeat.agent.fencing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fencing configuration.
 *
 * @param method         what to do, whatever the cause; empty (the default) for heartbeat's way for each cause
 *                       ({@link FencingCause#heartbeatMethod})
 * @param command        for {@link FencingMethod#COMMAND}: the executable and its first arguments; the reason
 *                       is added as the last argument
 * @param commandTimeout how long the command, or the {@code halt -f} fallback, may take
 * @param syncTimeout    how long to wait for {@code sync(2)} before halting anyway: a node fenced because a
 *                       filesystem or DRBD device hangs may never finish flushing
 */
public record FencingSettings(Optional<FencingMethod> method, List<String> command, Duration commandTimeout,
                              Duration syncTimeout) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(5);

    public FencingSettings {
        Objects.requireNonNull(method, "method");
        command = List.copyOf(command);
        if (method.filter(FencingMethod.COMMAND::equals).isPresent() && command.isEmpty()) {
            throw new IllegalArgumentException("fencing method command needs the command to run");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || syncTimeout.isNegative()) {
            throw new IllegalArgumentException("fencing timeouts must be positive: command " + commandTimeout
                    + ", sync " + syncTimeout);
        }
    }

    /** No method named: heartbeat's for each cause. */
    public static FencingSettings defaults() {
        return new FencingSettings(Optional.empty(), List.of(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_SYNC_TIMEOUT);
    }

    public static FencingSettings of(FencingMethod method) {
        return new FencingSettings(Optional.of(method), List.of(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_SYNC_TIMEOUT);
    }

    public static FencingSettings command(String... argv) {
        return new FencingSettings(Optional.of(FencingMethod.COMMAND), List.of(argv), DEFAULT_COMMAND_TIMEOUT,
                DEFAULT_SYNC_TIMEOUT);
    }

    /** The method for {@code cause}: the one configured, else heartbeat's. */
    public FencingMethod methodFor(FencingCause cause) {
        return method.orElse(cause.heartbeatMethod());
    }
}
