package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;

/**
 * An OCF resource agent: {@code AGENT start|stop|monitor|validate-all} with its parameters as
 * {@code OCF_RESKEY_name} environment variables, read by the OCF exit codes. The agent's own one-line
 * explanation ({@code ocf-exit-reason:} on stderr) becomes the failure's reason when it gives one.
 */
record OcfAgentDialect(Path script, Path ocfRoot, String provider, String agent, String instance,
                       Map<String, String> parameters) implements ScriptDialect {

    private static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";
    private static final int UNIMPLEMENTED = 3;
    private static final int RUNNING_PROMOTED = 8;

    OcfAgentDialect {
        parameters = Map.copyOf(parameters);
    }

    @Override
    public Optional<Command> command(ScriptAction action, Duration timeout) {
        String name = switch (action) {
            case START -> "start";
            case STOP -> "stop";
            case STATUS -> "monitor";
            case VALIDATE -> "validate-all";
        };
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OCF_ROOT", ocfRoot.toString());
        environment.put("OCF_RA_VERSION_MAJOR", "1");
        environment.put("OCF_RA_VERSION_MINOR", "0");
        environment.put("OCF_RESOURCE_INSTANCE", instance);
        environment.put("OCF_RESOURCE_TYPE", agent);
        environment.put("OCF_RESOURCE_PROVIDER", provider);
        // Agents bound their own waits by the timeout Pacemaker would announce.
        environment.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeout.toMillis()));
        parameters.forEach((key, value) -> environment.put("OCF_RESKEY_" + key, value));
        return Optional.of(Command.of(timeout, List.of(script.toString(), name)).withEnvironment(environment));
    }

    @Override
    public OperationResult interpret(ScriptAction action, CommandResult result) {
        String reason = exitReason(result).orElseGet(result::describe);
        if (action == ScriptAction.VALIDATE && result.exitCode() == UNIMPLEMENTED) {
            // Many agents have no validate-all; that is no fault of the resource.
            return OperationResult.success();
        }
        if (action == ScriptAction.STATUS) {
            if (result.exitCode() == ExitCodes.NOT_RUNNING) {
                return OperationResult.notRunning(reason);
            }
            if (result.exitCode() == RUNNING_PROMOTED) {
                return OperationResult.success();
            }
        }
        return ExitCodes.forAction(action, result, reason);
    }

    @Override
    public boolean checksStatusAroundStartAndStop() {
        return false;
    }

    private static Optional<String> exitReason(CommandResult result) {
        return result.stderr().lines()
                .filter(line -> line.startsWith(EXIT_REASON_PREFIX))
                .map(line -> line.substring(EXIT_REASON_PREFIX.length()).strip())
                .filter(line -> !line.isEmpty())
                .reduce((first, second) -> second);
    }
}
