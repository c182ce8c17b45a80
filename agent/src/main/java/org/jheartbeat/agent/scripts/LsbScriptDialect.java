package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;

/**
 * An LSB init script: {@code /etc/init.d/NAME start|stop|status}. Start and stop are read by their LSB exit codes;
 * status by its words, as heartbeat's ResourceManager reads every script it finds in resource.d or init.d ("not ...
 * running" stopped, "running" or "OK" running, anything else stopped): many init scripts answer status with a usage
 * message and exit 1, or have no status at all, and heartbeat then simply starts them. Arguments written after the
 * name in haresources are passed before the action, as heartbeat does.
 */
record LsbScriptDialect(Path script, List<String> arguments, ScriptEnvironment environment)
        implements ScriptDialect {

    LsbScriptDialect {
        arguments = List.copyOf(arguments);
    }

    @Override
    public Optional<Command> command(ScriptAction action, Duration timeout) {
        if (action == ScriptAction.VALIDATE) {
            return Optional.empty();
        }
        return Optional.of(Command.of(timeout,
                HeartbeatScriptDialect.argv(script, arguments, action.name().toLowerCase(Locale.ROOT)))
                .withEnvironment(environment.variables()));
    }

    @Override
    public OperationResult interpret(ScriptAction action, CommandResult result) {
        if (action != ScriptAction.STATUS) {
            return ExitCodes.forAction(action, result, result.describe());
        }
        return HeartbeatScriptDialect.statusFromWords(result);
    }

    @Override
    public boolean checksStatusAroundStartAndStop() {
        return true;
    }
}
