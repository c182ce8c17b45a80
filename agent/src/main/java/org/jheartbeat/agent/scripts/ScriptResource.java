package org.jheartbeat.agent.scripts;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.agent.group.HeartbeatScript;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource carried out by an external script, in whichever {@link ScriptDialect} it speaks. All calls of one
 * operation share the operation's timeout.
 */
final class ScriptResource implements Resource, HeartbeatScript {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptResource.class);

    private final ResourceSpec spec;
    private final ScriptDialect dialect;
    private final CommandRunner commands;

    ScriptResource(ResourceSpec spec, ScriptDialect dialect, CommandRunner commands) {
        this.spec = spec;
        this.dialect = dialect;
        this.commands = commands;
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    /** resource.d and LSB scripts follow heartbeat's conventions; OCF agents do not. */
    @Override
    public boolean heartbeatScript() {
        return dialect.checksStatusAroundStartAndStop();
    }

    @Override
    public OperationResult start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (dialect.checksStatusAroundStartAndStop()) {
            OperationResult status = call(ScriptAction.STATUS, timeout);
            if (status.isSuccess()) {
                LOG.info("resource {} already running, not starting it again", spec);
                return status;
            }
        }
        return call(ScriptAction.START, remaining(deadline));
    }

    @Override
    public OperationResult stop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        OperationResult stop = call(ScriptAction.STOP, timeout);
        if (stop.isSuccess() || stop.outcome() == OperationResult.Outcome.TIMED_OUT
                || !dialect.checksStatusAroundStartAndStop()) {
            return stop;
        }
        OperationResult status = call(ScriptAction.STATUS, remaining(deadline));
        if (status.outcome() == OperationResult.Outcome.NOT_RUNNING) {
            LOG.warn("resource {} stop failed but status says stopped; the script must succeed on a stop when"
                    + " already stopped: {}", spec, stop.reason());
            return OperationResult.success();
        }
        return stop;
    }

    @Override
    public OperationResult status(Duration timeout) {
        return call(ScriptAction.STATUS, timeout);
    }

    @Override
    public OperationResult validate(Duration timeout) {
        if (!Files.isRegularFile(dialect.script()) || !Files.isExecutable(dialect.script())) {
            return OperationResult.notInstalled(dialect.script() + " is not an executable file");
        }
        return call(ScriptAction.VALIDATE, timeout);
    }

    private OperationResult call(ScriptAction action, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return OperationResult.timedOut(action.name().toLowerCase(Locale.ROOT) + " of " + spec
                    + " had no time left");
        }
        Optional<Command> command = dialect.command(action, timeout);
        if (command.isEmpty()) {
            return OperationResult.success();
        }
        CommandResult result;
        try {
            result = commands.run(command.get());
        } catch (UncheckedIOException e) {
            return OperationResult.notInstalled(e.getMessage());
        }
        if (result.timedOut()) {
            return OperationResult.timedOut(result.describe());
        }
        OperationResult outcome = dialect.interpret(action, result);
        if (!outcome.isSuccess()) {
            LOG.debug("resource {} {}: stdout: {} stderr: {}", spec, action, result.stdout().strip(),
                    result.stderr().strip());
        }
        return outcome;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }
}
