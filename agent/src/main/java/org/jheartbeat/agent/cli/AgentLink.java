package org.jheartbeat.agent.cli;

import java.io.IOException;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;

/**
 * How a client command reaches the agent: over the control socket ({@link ControlClient}), or, when the agent runs
 * the command itself on a caller's behalf ({@link RelayedCommands}), straight to its request handler.
 */
@FunctionalInterface
interface AgentLink {

    /** Sends one request line, returns the reply line. */
    String exchange(String requestLine) throws ControlClient.NotRunningException, IOException;

    default ControlReply call(ControlRequest request) throws ControlClient.NotRunningException, IOException {
        return ControlProtocol.decode(exchange(ControlProtocol.encode(request)), ControlReply.class);
    }
}
