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
 * An LSB init script: {@code /etc/init.d/NAME start|stop|status}, read by its exit codes (status: 0 running,
 * 1 or 2 dead although a pid or lock file remains, 3 stopped, 4 unknown). Arguments written after the name in
 * haresources are passed before the action, as heartbeat does.
 */
record LsbScriptDialect(Path script, List<String> arguments) implements ScriptDialect {

    private static final int STATUS_STOPPED = 3;

    LsbScriptDialect {
        arguments = List.copyOf(arguments);
    }

    @Override
    public Optional<Command> command(ScriptAction action, Duration timeout) {
        if (action == ScriptAction.VALIDATE) {
            return Optional.empty();
        }
        return Optional.of(Command.of(timeout,
                HeartbeatScriptDialect.argv(script, arguments, action.name().toLowerCase(Locale.ROOT))));
    }

    @Override
    public OperationResult interpret(ScriptAction action, CommandResult result) {
        if (action != ScriptAction.STATUS) {
            return ExitCodes.forAction(action, result, result.describe());
        }
        return switch (result.exitCode()) {
            case ExitCodes.SUCCESS -> OperationResult.success();
            case STATUS_STOPPED -> OperationResult.notRunning(result.describe());
            case 1 -> OperationResult.failed(result.describe() + " (dead, pid file remains)");
            case 2 -> OperationResult.failed(result.describe() + " (dead, lock file remains)");
            default -> OperationResult.failed(result.describe() + " (status unknown)");
        };
    }

    @Override
    public boolean checksStatusAroundStartAndStop() {
        return true;
    }
}
