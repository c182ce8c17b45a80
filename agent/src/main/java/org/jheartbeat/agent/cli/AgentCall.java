package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import picocli.CommandLine.Option;

/** The {@code --socket} option and one request through it, with every failure turned into a message and exit code. */
final class AgentCall {

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the agent's control socket (default: ${DEFAULT-VALUE})")
    Path socket = ControlClient.DEFAULT_SOCKET;

    /** The agent's reply when it carried out the request; otherwise empty, with the reason on {@code err}. */
    Optional<ControlReply> call(ControlRequest request, PrintWriter err, int[] exitCode) {
        try {
            ControlReply reply = new ControlClient(socket).call(request);
            if (!reply.ok()) {
                err.println("hbctl: " + reply.message());
                exitCode[0] = HbctlExit.REFUSED;
                return Optional.empty();
            }
            return Optional.of(reply);
        } catch (ControlClient.NotRunningException e) {
            err.println("hbctl: " + e.getMessage() + "; start it with 'systemctl start heartbeat' or pass --socket");
            exitCode[0] = HbctlExit.NOT_RUNNING;
        } catch (IOException e) {
            err.println("hbctl: the agent on " + socket + " did not answer properly: " + e.getMessage());
            exitCode[0] = HbctlExit.REFUSED;
        }
        err.flush();
        return Optional.empty();
    }
}
