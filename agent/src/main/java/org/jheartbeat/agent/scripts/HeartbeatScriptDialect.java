package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;

/**
 * A script in heartbeat's {@code resource.d}: called as {@code SCRIPT ARG... start|stop|status}. Its exit code
 * counts for start and stop; for status heartbeat reads only what the script prints, so do we: "not ...
 * running" means stopped, "running" or "OK" means running, anything else means stopped.
 */
record HeartbeatScriptDialect(Path script, List<String> arguments, ScriptEnvironment environment)
        implements ScriptDialect {

    private static final Pattern NOT_RUNNING = Pattern.compile("[Nn][Oo][Tt] .*[Rr]unning", Pattern.DOTALL);
    private static final Pattern RUNNING = Pattern.compile("[Rr]unning|OK");

    HeartbeatScriptDialect {
        arguments = List.copyOf(arguments);
    }

    @Override
    public Optional<Command> command(ScriptAction action, Duration timeout) {
        if (action == ScriptAction.VALIDATE) {
            return Optional.empty();
        }
        return Optional.of(Command.of(timeout, argv(script, arguments, action.name().toLowerCase(Locale.ROOT)))
                .withEnvironment(environment.variables()));
    }

    @Override
    public OperationResult interpret(ScriptAction action, CommandResult result) {
        if (action != ScriptAction.STATUS) {
            return result.exitCode() == 0 ? OperationResult.success() : OperationResult.failed(result.describe());
        }
        return statusFromWords(result);
    }

    /**
     * Status as heartbeat's ResourceManager reads it, of resource.d and init.d scripts alike: from what the script
     * prints on standard output, its exit code ignored.
     */
    static OperationResult statusFromWords(CommandResult result) {
        String said = result.stdout();
        if (!NOT_RUNNING.matcher(said).find() && RUNNING.matcher(said).find()) {
            return OperationResult.success();
        }
        return OperationResult.notRunning(result.describe());
    }

    @Override
    public boolean checksStatusAroundStartAndStop() {
        return true;
    }

    static List<String> argv(Path script, List<String> arguments, String action) {
        List<String> argv = new ArrayList<>(arguments.size() + 2);
        argv.add(script.toString());
        argv.addAll(arguments);
        argv.add(action);
        return argv;
    }
}
