package org.jheartbeat.resources.nfs;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;

/** Runs the tools of one operation: each bounded by what is left of its deadline, a missing tool ends it. */
final class Tools {

    private final CommandRunner commands;

    Tools(CommandRunner commands) {
        this.commands = commands;
    }

    /** Runs the command and returns how it ended, whatever that was, unless the tool is missing. */
    CommandResult run(Deadline deadline, List<String> argv) throws OperationAbort {
        Duration remaining = deadline.remaining();
        if (remaining.isZero()) {
            throw new OperationAbort(OperationResult.timedOut("no time left to run " + String.join(" ", argv)));
        }
        try {
            return commands.run(Command.of(remaining, argv));
        } catch (UncheckedIOException e) {
            throw new OperationAbort(OperationResult.notInstalled(e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
    }

    /**
     * For polls that end with the deadline: empty instead of an abort when no time is left to run the command,
     * so the caller reports what it last saw.
     */
    Optional<CommandResult> runIfTimeLeft(Deadline deadline, List<String> argv) throws OperationAbort {
        if (deadline.passed()) {
            return Optional.empty();
        }
        try {
            return Optional.of(run(deadline, argv));
        } catch (OperationAbort abort) {
            if (abort.result().outcome() == OperationResult.Outcome.TIMED_OUT) {
                return Optional.empty();
            }
            throw abort;
        }
    }

    CommandResult run(Deadline deadline, String... argv) throws OperationAbort {
        return run(deadline, List.of(argv));
    }

    /** Runs the command and ends the operation unless it succeeds. */
    CommandResult require(Deadline deadline, String... argv) throws OperationAbort {
        CommandResult result = run(deadline, argv);
        if (!result.succeeded()) {
            throw new OperationAbort(result.timedOut() ? OperationResult.timedOut(result.describe())
                    : OperationResult.failed(result.describe()));
        }
        return result;
    }
}
