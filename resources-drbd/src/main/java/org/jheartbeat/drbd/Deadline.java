package org.jheartbeat.drbd;

import java.time.Duration;

/** The end of an operation's time budget, from which every command and retry takes its share. */
record Deadline(long endNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** True when a pause of {@code pause} still leaves time for one more command. */
    boolean allowsPause(Duration pause) {
        return remaining().compareTo(pause) > 0;
    }

    boolean expired() {
        return remaining().isZero();
    }
}
