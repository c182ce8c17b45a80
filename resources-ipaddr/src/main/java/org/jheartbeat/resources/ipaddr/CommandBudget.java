package org.jheartbeat.resources.ipaddr;

import java.time.Duration;
import org.jheartbeat.resource.Deadline;

/**
 * What each tool run of one operation may take: what is left of the operation's deadline, but never more than
 * the configured command timeout {@code cap}, so one hung tool cannot use up the time of the steps after it.
 */
record CommandBudget(Deadline deadline, Duration cap) {

    static CommandBudget after(Duration timeout, Duration cap) {
        return new CommandBudget(Deadline.after(timeout), cap);
    }

    /** What is left of the operation, at most {@code cap} plus {@code extra}; fails once the time is up. */
    Duration forCommand(Duration extra) throws OperationFailure {
        Duration bound = deadline.atMost(cap.plus(extra));
        if (bound.isZero()) {
            throw OperationFailure.timedOut("ran out of its time before the next command");
        }
        return bound;
    }

    Duration forCommand() throws OperationFailure {
        return forCommand(Duration.ZERO);
    }
}
