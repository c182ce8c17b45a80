package org.jheartbeat.resource;

import java.time.Duration;

/**
 * The end of one operation's timeout. Every command and wait inside an operation takes its bound from here, so
 * the operation as a whole never outlasts the timeout it was given, however many steps and retries it needs.
 *
 * @param endNanos the {@link System#nanoTime()} at which the time is up
 */
public record Deadline(long endNanos) {

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** What is left; zero once the time is up. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** Whether more than {@code duration} is left: room for a pause and one more step after it. */
    public boolean leaves(Duration duration) {
        return remaining().compareTo(duration) > 0;
    }

    /** The shorter of {@code wanted} and what is left. */
    public Duration atMost(Duration wanted) {
        Duration remaining = remaining();
        return wanted.compareTo(remaining) < 0 ? wanted : remaining;
    }
}
