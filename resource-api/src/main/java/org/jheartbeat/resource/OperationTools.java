package org.jheartbeat.resource;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a resource runs OS tools inside its operations; one set of rules for every plugin.
 * <ul>
 *   <li>Each command gets what is left of the operation's {@link Deadline}, and no more than the per-command cap
 *       when one is set ({@link #withCommandCap}), so that one hung tool cannot use up the time of the steps after
 *       it. No time left before a command ends the operation as {@code TIMED_OUT}; a tool that is not installed
 *       ends it as {@code NOT_INSTALLED}.</li>
 *   <li>Three strengths of expectation: {@link #run} returns however the tool ended, a run killed at its timeout
 *       included (a probe whose silence is an answer, a step whose failure is only logged); {@link #complete}
 *       insists that the tool ran to its end, any exit status (killed at its timeout: {@code TIMED_OUT});
 *       {@link #require} insists that it succeeded (otherwise {@code FAILED} with the one-line reason
 *       {@link CommandResult#describe()}).</li>
 *   <li>Whenever a tool's failure is reported ({@link #require}, {@link #failure}, {@link #logFailure}) its whole
 *       output goes to the log in one line, secrets masked, as resource-agents' ocf_run logs a failed command; the
 *       operation's reason keeps to the first line.</li>
 * </ul>
 * Pauses between attempts go through {@link #pause}, which never sleeps past the deadline.
 */
public final class OperationTools {

    /** The steps of one operation, given its deadline; they end it early by throwing {@link OperationAbort}. */
    @FunctionalInterface
    public interface Steps {
        OperationResult run(Deadline deadline) throws OperationAbort;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OperationTools.class);
    /** No cap: the deadline alone bounds the command. */
    private static final Duration UNCAPPED = Duration.ofNanos(Long.MAX_VALUE);

    private final String subject;
    private final CommandRunner runner;
    private final Duration cap;

    /**
     * @param subject names the resource in log lines, e.g. its haresources token
     * @param runner  the context's runner
     */
    public OperationTools(String subject, CommandRunner runner) {
        this(subject, runner, UNCAPPED);
    }

    private OperationTools(String subject, CommandRunner runner, Duration cap) {
        this.subject = subject;
        this.runner = runner;
        this.cap = cap;
    }

    /** The same tools with each command given at most {@code cap}, however much of the operation is left. */
    public OperationTools withCommandCap(Duration cap) {
        return new OperationTools(subject, runner, cap);
    }

    /**
     * A command whose timeout is this toolkit's cap, for a caller that adds to it (a secret to mask, an
     * environment) before running it here.
     */
    public Command command(List<String> argv) {
        return new Command(argv, cap, Map.of());
    }

    /**
     * Runs {@code command} within what is left of the deadline, its own timeout serving as its cap.
     *
     * @return how the tool ended, whatever that was, a run killed at its timeout included
     * @throws OperationAbort TIMED_OUT when no time is left to start it, NOT_INSTALLED when it cannot be started
     */
    public CommandResult run(Deadline deadline, Command command) throws OperationAbort {
        Duration bound = deadline.atMost(command.timeout());
        if (bound.isZero()) {
            throw new OperationAbort(OperationResult.timedOut("no time left to run " + command.display()));
        }
        try {
            return runner.run(command.withTimeout(bound));
        } catch (UncheckedIOException e) {
            throw new OperationAbort(OperationResult.notInstalled(e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()));
        }
    }

    public CommandResult run(Deadline deadline, List<String> argv) throws OperationAbort {
        return run(deadline, command(argv));
    }

    public CommandResult run(Deadline deadline, String... argv) throws OperationAbort {
        return run(deadline, List.of(argv));
    }

    /**
     * Runs the command and insists that it ran to its end.
     *
     * @return how the tool ended, any exit status
     * @throws OperationAbort also TIMED_OUT when the tool was killed at its timeout
     */
    public CommandResult complete(Deadline deadline, Command command) throws OperationAbort {
        CommandResult result = run(deadline, command);
        if (result.timedOut()) {
            throw failure(result);
        }
        return result;
    }

    public CommandResult complete(Deadline deadline, List<String> argv) throws OperationAbort {
        return complete(deadline, command(argv));
    }

    /**
     * Whether the tool is there, runs to its end and exits 0: a probe of what this node has installed and running,
     * to which a missing tool is a plain no.
     *
     * @throws OperationAbort TIMED_OUT when no time is left or the tool was killed at its timeout
     */
    public boolean succeeds(Deadline deadline, List<String> argv) throws OperationAbort {
        try {
            return complete(deadline, argv).succeeded();
        } catch (OperationAbort abort) {
            if (abort.result().outcome() == OperationResult.Outcome.NOT_INSTALLED) {
                return false;
            }
            throw abort;
        }
    }

    /**
     * Runs the command and insists that it succeeded.
     *
     * @throws OperationAbort also TIMED_OUT when the tool was killed at its timeout, FAILED when it exited
     *                        otherwise than 0; either way the tool's whole output is logged
     */
    public CommandResult require(Deadline deadline, Command command) throws OperationAbort {
        CommandResult result = run(deadline, command);
        if (!result.succeeded()) {
            throw failure(result);
        }
        return result;
    }

    public CommandResult require(Deadline deadline, List<String> argv) throws OperationAbort {
        return require(deadline, command(argv));
    }

    public CommandResult require(Deadline deadline, String... argv) throws OperationAbort {
        return require(deadline, List.of(argv));
    }

    /** {@link #failure(CommandResult, String)} with the tool's own one-line description as the reason. */
    public OperationAbort failure(CommandResult result) {
        return failure(result, result.describe());
    }

    /**
     * Logs the failed tool's whole output and makes the abort that ends the operation: TIMED_OUT when the tool
     * was killed at its timeout, FAILED otherwise.
     *
     * @param reason the operation's one-line reason
     */
    public OperationAbort failure(CommandResult result, String reason) {
        logFailure(result);
        return new OperationAbort(result.timedOut() ? OperationResult.timedOut(reason)
                : OperationResult.failed(reason));
    }

    /** Logs a tool that failed, with its whole output, where the operation carries on regardless. */
    public void logFailure(CommandResult result) {
        LOG.warn("{}: {}", subject, result.describeWithOutput());
    }

    /** Runs one operation's steps within {@code timeout}: what they return, or the result they ended with. */
    public static OperationResult perform(Duration timeout, Steps steps) {
        try {
            return steps.run(Deadline.after(timeout));
        } catch (OperationAbort abort) {
            return abort.result();
        }
    }

    /**
     * Waits up to {@code interval} between two attempts, never past the deadline.
     *
     * @return false at once when the deadline has passed, true after the pause
     * @throws OperationAbort FAILED when interrupted: the agent has given up on the operation or is shutting down
     */
    public static boolean pause(Deadline deadline, Duration interval) throws OperationAbort {
        if (deadline.passed()) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(deadline.atMost(interval).toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationAbort(OperationResult.failed("interrupted while waiting"));
        }
    }
}
