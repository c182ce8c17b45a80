package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult;

/** How one kind of script is called and how its answers are read: heartbeat resource.d, LSB, or OCF. */
interface ScriptDialect {

    Path script();

    /** The command for {@code action}, or empty when this kind of script has no such action. */
    Optional<Command> command(ScriptAction action, Duration timeout);

    OperationResult interpret(ScriptAction action, CommandResult result);

    /**
     * Heartbeat asks for status before a start and skips the start when the script says it is running, and it
     * forgives a failed stop when status then says stopped (old scripts fail a stop when already stopped).
     * OCF agents do both themselves.
     */
    boolean checksStatusAroundStartAndStop();
}
