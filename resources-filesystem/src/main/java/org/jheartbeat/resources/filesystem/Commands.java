package org.jheartbeat.resources.filesystem;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;

/** Running a tool inside an operation: bounded by the operation's deadline, a missing tool ends it. */
final class Commands {

    private Commands() {
    }

    /** The timeout for the next command: whatever is left of the operation's budget. */
    static Duration bound(Deadline deadline) throws OperationAbort {
        Duration remaining = deadline.remaining();
        if (remaining.toMillis() < 1) {
            throw new OperationAbort(OperationResult.timedOut("no time left for the next command"));
        }
        return remaining;
    }

    /** The mount table; one that cannot be read or parsed ends the operation with the reason. */
    static MountTable mounts(LocalSystem system) throws OperationAbort {
        try {
            return system.mounts();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }

    static CommandResult run(CommandRunner commands, Command command) throws OperationAbort {
        try {
            return commands.run(command);
        } catch (UncheckedIOException e) {
            throw new OperationAbort(OperationResult.notInstalled(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }
}
