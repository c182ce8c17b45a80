package org.jheartbeat.resources.iscsi;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;

/**
 * Runs the target tools inside an operation: each command gets what is left of the operation's budget, a tool
 * that is not installed ends the operation as NOT_INSTALLED, and one that runs out of time as TIMED_OUT.
 */
final class Tools {

    private final CommandRunner commands;

    Tools(CommandRunner commands) {
        this.commands = commands;
    }

    /** Runs the command and returns how it ended, failure included; only a missing tool or no time left aborts. */
    CommandResult run(Deadline deadline, List<String> argv) throws OperationAbort {
        return run(deadline, argv, Set.of());
    }

    private CommandResult run(Deadline deadline, List<String> argv, Set<String> secrets) throws OperationAbort {
        Duration remaining = deadline.remaining();
        Command command = new Command(argv, remaining.toMillis() < 1 ? Duration.ofMillis(1) : remaining, Map.of(),
                secrets);
        if (remaining.toMillis() < 1) {
            throw new OperationAbort(OperationResult.timedOut("no time left to run " + command.display()));
        }
        CommandResult result;
        try {
            result = commands.run(command);
        } catch (UncheckedIOException e) {
            throw new OperationAbort(OperationResult.notInstalled(
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        if (result.timedOut()) {
            throw new OperationAbort(OperationResult.timedOut(result.describe()));
        }
        return result;
    }

    /** Runs the command and insists on success; a failure aborts the operation naming the command and its words. */
    CommandResult require(Deadline deadline, List<String> argv) throws OperationAbort {
        CommandResult result = run(deadline, argv);
        if (!result.succeeded()) {
            throw new OperationAbort(OperationResult.failed(result.describe()));
        }
        return result;
    }

    /** Waits a little before a retry, never past the deadline. */
    static void pauseBeforeRetry(Deadline deadline, long millis) throws OperationAbort {
        try {
            Thread.sleep(Math.min(millis, deadline.remaining().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationAbort(OperationResult.failed("interrupted while waiting to retry"));
        }
    }

    /**
     * Like {@link #require}, for a command carrying {@code secret} (a CHAP password): the secret is masked in
     * every log line, and a failure is reported as {@code what} with the tool's own words, never with the
     * command line.
     */
    CommandResult requireSecret(Deadline deadline, List<String> argv, String secret, String what)
            throws OperationAbort {
        CommandResult result = run(deadline, argv, Set.of(secret));
        if (!result.succeeded()) {
            String said = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
            int newline = said.indexOf('\n');
            throw new OperationAbort(OperationResult.failed(what + " failed (exit " + result.exitCode() + ")"
                    + (said.isEmpty() ? "" : ": " + (newline < 0 ? said : said.substring(0, newline)))));
        }
        return result;
    }
}
