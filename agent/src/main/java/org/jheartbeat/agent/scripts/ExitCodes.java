package org.jheartbeat.agent.scripts;

import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;

/**
 * The exit codes LSB init scripts and OCF agents share for actions other than status: 1 generic error, 2 bad
 * arguments, 3 unimplemented, 4 insufficient privilege, 5 not installed, 6 not configured, 7 not running.
 */
final class ExitCodes {

    static final int SUCCESS = 0;
    static final int NOT_RUNNING = 7;

    private ExitCodes() {
    }

    static OperationResult forAction(ScriptAction action, CommandResult result, String reason) {
        return switch (result.exitCode()) {
            case SUCCESS -> OperationResult.success();
            case 2, 3, 6 -> OperationResult.misconfigured(reason);
            case 5 -> OperationResult.notInstalled(reason);
            // Both conventions require a stop of a stopped resource to succeed; some scripts say "not running" instead.
            case NOT_RUNNING -> action == ScriptAction.STOP
                    ? OperationResult.success()
                    : OperationResult.failed(reason);
            default -> OperationResult.failed(reason);
        };
    }
}
