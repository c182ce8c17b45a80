package org.jheartbeat.iscsi;

import java.time.Duration;
import org.jheartbeat.resource.OperationResult;

/** The end of an operation's time budget, from which every command and wait inside it takes its bound. */
record Deadline(long endNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** Waits a little before a retry, never past the deadline. */
    void pause(long millis) throws Abort {
        try {
            Thread.sleep(Math.min(millis, remaining().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abort(OperationResult.failed("interrupted while waiting to retry"));
        }
    }
}
