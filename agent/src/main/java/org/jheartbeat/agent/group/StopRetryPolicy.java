package org.jheartbeat.agent.group;

import java.time.Duration;

/**
 * How often a failed stop is tried again before the node fences itself. heartbeat tries a failed stop up to
 * ten more times a second apart, so a mount that is busy for a moment does not cost a machine. A stop that
 * overran its timeout is not tried again: it has already had all its time.
 *
 * @param retries how many more times to try
 * @param delay   the pause before each retry
 */
public record StopRetryPolicy(int retries, Duration delay) {

    public static final StopRetryPolicy DEFAULTS = new StopRetryPolicy(10, Duration.ofSeconds(1));

    public StopRetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("stop retries must not be negative: " + retries);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("stop retry delay must not be negative: " + delay);
        }
    }
}
