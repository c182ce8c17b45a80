package org.jheartbeat.agent.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.agent.group.HeartbeatScript;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource carried out by an external script, in whichever {@link ScriptDialect} it speaks. All calls of one
 * operation share the operation's deadline; a call that fails logs everything the script said.
 */
final class ScriptResource implements Resource, HeartbeatScript {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptResource.class);
    /** The kernel reads at most this much of a {@code #!} line (BINPRM_BUF_SIZE). */
    private static final int SHEBANG_LIMIT = 256;

    private final ResourceSpec spec;
    private final ScriptDialect dialect;
    private final OperationTools tools;

    ScriptResource(ResourceSpec spec, ScriptDialect dialect, CommandRunner commands) {
        this.spec = spec;
        this.dialect = dialect;
        this.tools = new OperationTools(spec.id(), commands);
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
    public boolean initScript() {
        return dialect instanceof LsbScriptDialect;
    }

    @Override
    public OperationResult start(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (dialect.checksStatusAroundStartAndStop()) {
            OperationResult status = call(ScriptAction.STATUS, deadline);
            if (status.isSuccess()) {
                LOG.info("resource {} already running, not starting it again", spec);
                return status;
            }
        }
        return call(ScriptAction.START, deadline);
    }

    @Override
    public OperationResult stop(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        OperationResult stop = call(ScriptAction.STOP, deadline);
        if (stop.isSuccess() || stop.outcome() == OperationResult.Outcome.TIMED_OUT
                || !dialect.checksStatusAroundStartAndStop()) {
            return stop;
        }
        OperationResult status = call(ScriptAction.STATUS, deadline);
        if (status.outcome() == OperationResult.Outcome.NOT_RUNNING) {
            LOG.warn("resource {} stop failed but status says stopped; the script must succeed on a stop when"
                    + " already stopped: {}", spec, stop.reason());
            return OperationResult.success();
        }
        return stop;
    }

    @Override
    public OperationResult status(Duration timeout) {
        return call(ScriptAction.STATUS, Deadline.after(timeout));
    }

    @Override
    public OperationResult validate(Duration timeout) {
        if (!Files.isRegularFile(dialect.script()) || !Files.isExecutable(dialect.script())) {
            return OperationResult.notInstalled(dialect.script() + " is not an executable file");
        }
        return call(ScriptAction.VALIDATE, Deadline.after(timeout));
    }

    /**
     * The script was an executable file when its type was resolved (else the type is a warning of its own); what is
     * left to look at is the interpreter its {@code #!} line names, without which every call fails.
     */
    @Override
    public List<String> preflight() {
        return interpreter(dialect.script()).filter(interpreter -> !Files.isExecutable(interpreter))
                .map(interpreter -> dialect.script() + " names the interpreter " + interpreter + " on its first line,"
                        + " which is not installed here: every operation of it fails")
                .stream().toList();
    }

    /** The absolute path after {@code #!} on the script's first line; empty for a binary or unreadable script. */
    private static Optional<Path> interpreter(Path script) {
        try (InputStream in = Files.newInputStream(script)) {
            String head = new String(in.readNBytes(SHEBANG_LIMIT), StandardCharsets.UTF_8);
            if (!head.startsWith("#!")) {
                return Optional.empty();
            }
            String[] words = head.substring(2).lines().findFirst().orElse("").strip().split("\\s+");
            return words[0].startsWith("/") ? Optional.of(Path.of(words[0])) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The dialect builds the call for what is left of the deadline: an OCF agent is told it as its timeout. heartbeat
     * reads a status by its words, so a script it cannot run (gone since the agent started) says nothing: stopped.
     */
    private OperationResult call(ScriptAction action, Deadline deadline) {
        Duration timeout = deadline.remaining();
        if (timeout.isZero()) {
            return OperationResult.timedOut(action.name().toLowerCase(Locale.ROOT) + " of " + spec
                    + " had no time left");
        }
        Optional<Command> command = dialect.command(action, timeout);
        if (command.isEmpty()) {
            return OperationResult.success();
        }
        CommandResult result;
        try {
            result = tools.complete(deadline, command.get());
        } catch (OperationAbort abort) {
            return action == ScriptAction.STATUS && dialect.checksStatusAroundStartAndStop()
                    && abort.result().outcome() == OperationResult.Outcome.NOT_INSTALLED
                    ? OperationResult.notRunning(abort.result().reason()) : abort.result();
        }
        OperationResult outcome = dialect.interpret(action, result);
        if (!outcome.isSuccess() && outcome.outcome() != OperationResult.Outcome.NOT_RUNNING) {
            tools.logFailure(result);
        }
        return outcome;
    }
}
