package org.jheartbeat.agent.cli;

import java.util.function.Function;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The {@code --socket} option and one request through it, with every failure turned into a message and exit code. */
final class AgentCall {

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the agent's control socket (default: $JHEARTBEAT_CONTROL_SOCKET, else jheartbeat.conf's "
                    + "control-socket, else " + ControlClient.DEFAULT_SOCKET_NAME + ")")
    private Path socket;
    private AgentLink link;

    AgentCall() {
    }

    /** @param socket the agent's socket; null for the one every client finds */
    AgentCall(Path socket) {
        this.socket = socket;
    }

    /** Through {@code link} instead of a socket: the agent running the command itself ({@link RelayedCommands}). */
    AgentCall(AgentLink link) {
        this.link = link;
    }

    /** The socket named on the command line, else the one every client finds. */
    Path socket() {
        if (socket == null) {
            socket = AgentSocket.locate();
        }
        return socket;
    }

    private interface Exchange<T> {
        T run(AgentLink agent) throws ControlClient.NotRunningException, IOException;
    }

    /** The agent's reply when it carried out the request; otherwise empty, with the reason on {@code err}. */
    Optional<ControlReply> call(ControlRequest request, PrintWriter err, int[] exitCode) {
        return call(client -> client.call(request), reply -> reply.ok() ? null : reply.message(), err, exitCode);
    }

    /** The same through the streaming envelope, for requests whose reply is rendered text. */
    Optional<ReplyEnvelope> callRendered(Map<String, String> request, PrintWriter err, int[] exitCode) {
        return call(client -> ReplyEnvelope.parse(client.exchange(ReplyEnvelope.request(request))),
                reply -> reply.ok() ? null : reply.message(), err, exitCode);
    }

    /** Asks for text or JSON the agent renders, and prints it: history, simulate. */
    int printRendered(Map<String, String> request, CommandSpec spec) {
        int[] exit = {HbctlExit.OK};
        callRendered(request, spec.commandLine().getErr(), exit)
                .ifPresent(reply -> spec.commandLine().getOut().print(reply.rendered()));
        spec.commandLine().getOut().flush();
        return exit[0];
    }

    private <T> Optional<T> call(Exchange<T> exchange, Function<T, String> refusal,
                                 PrintWriter err, int[] exitCode) {
        try {
            T reply = exchange.run(link != null ? link : new ControlClient(socket()));
            String refused = refusal.apply(reply);
            if (refused == null) {
                return Optional.of(reply);
            }
            err.println("hbctl: " + refused);
            exitCode[0] = HbctlExit.REFUSED;
        } catch (ControlClient.NotRunningException e) {
            err.println("hbctl: " + e.getMessage() + "; start it with 'systemctl start heartbeat' or pass --socket");
            exitCode[0] = HbctlExit.NOT_RUNNING;
        } catch (ControlClient.PermissionDeniedException e) {
            err.println("hbctl: " + e.getMessage());
            exitCode[0] = HbctlExit.REFUSED;
        } catch (IOException e) {
            err.println("hbctl: the agent on " + socket() + " did not answer properly: " + e.getMessage());
            exitCode[0] = HbctlExit.REFUSED;
        }
        err.flush();
        return Optional.empty();
    }
}
