package org.jheartbeat.nfs;

import java.time.Duration;

/** The end of an operation's time budget, from which every command and wait inside it takes its bound. */
record Deadline(long endNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** The shorter of {@code wanted} and what is left. */
    Duration atMost(Duration wanted) {
        Duration remaining = remaining();
        return wanted.compareTo(remaining) < 0 ? wanted : remaining;
    }
}
