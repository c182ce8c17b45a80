package org.jheartbeat.resources.nfs;

import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;

/** Pauses between polls, never past an operation's deadline. */
final class Waits {

    private Waits() {
    }

    /** @return false, without sleeping, once the deadline has passed; true after sleeping up to the interval */
    static boolean pause(Deadline deadline, long intervalMillis) throws OperationAbort {
        if (deadline.passed()) {
            return false;
        }
        try {
            Thread.sleep(Math.max(1, deadline.atMost(java.time.Duration.ofMillis(intervalMillis)).toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationAbort(org.jheartbeat.resource.OperationResult.timedOut("interrupted while waiting"));
        }
    }
}
