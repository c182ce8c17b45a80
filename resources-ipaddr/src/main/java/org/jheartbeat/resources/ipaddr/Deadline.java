package org.jheartbeat.resources.ipaddr;

import java.time.Duration;

/** The end of one operation's timeout, from which each tool run takes its own bound. */
record Deadline(long endNanos, Duration cap) {

    static Deadline after(Duration timeout, Duration cap) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), cap);
    }

    /** What is left of the operation, at most {@code cap} plus {@code extra}; empty when the time is up. */
    Duration forCommand(Duration extra) throws OperationFailure {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw OperationFailure.timedOut("ran out of its time before the next command");
        }
        return Duration.ofNanos(Math.min(left, cap.plus(extra).toNanos()));
    }

    Duration forCommand() throws OperationFailure {
        return forCommand(Duration.ZERO);
    }
}
