package org.jheartbeat.agent.daemon;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's guard: a small process ({@code jheartbeat-guard}, beside the launcher) that outlives the agent and acts
 * when the agent goes without stopping its groups. Its standard input is a pipe from the agent, so it learns at once
 * how the agent ended: {@code stopped} (every group was handed over, nothing to do), {@code restart MILLIS} (wait
 * that long for the next agent to claim the restart marker, {@link RestartInPlace}), or the end of the pipe with no
 * word (SIGKILL, a JVM crash, out of memory, systemd's watchdog). Then, in milliseconds, it deletes every address
 * haresources manages that is on this machine, and runs {@code jheartbeat --release}, which stops every group still
 * running here in reverse order and fences the node where a stop fails. The peers declare the agent dead only after
 * deadtime, and by then the addresses are gone.
 */
final class AgentGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AgentGuard.class);

    private final Process process;
    private boolean told;

    private AgentGuard(Process process) {
        this.process = process;
    }

    /**
     * Starts the guard named by the launcher ({@code -Djheartbeat.guard}); none without it (an agent run from a
     * test's class path).
     *
     * @param agentArguments the agent's own arguments, which its release run takes too
     */
    static Optional<AgentGuard> start(Optional<Path> script, Path runDirectory, Set<InetAddress> addresses,
                                      List<String> agentArguments) throws IOException {
        if (script.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(script.get().toString(), runDirectory.toString(),
                addresses.stream().map(InetAddresses::toAddrString).sorted().collect(Collectors.joining(","))));
        command.addAll(agentArguments);
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        LOG.info("guard {} watches this agent (process {}); addresses it releases should the agent die: {}",
                script.get(), process.pid(), addresses.isEmpty() ? "none" : command.get(2));
        return Optional.of(new AgentGuard(process));
    }

    /** Every group was stopped or handed over: the guard ends without doing anything. */
    void stopped() {
        tell("stopped");
    }

    /** The groups keep running for the next agent, which has {@code grace} to claim them. */
    void restarting(Duration grace) {
        tell("restart " + grace.toMillis());
    }

    /** The guard hears one word, the first: the agent's last. */
    private synchronized void tell(String word) {
        if (told) {
            return;
        }
        told = true;
        try (OutputStream pipe = process.getOutputStream()) {
            pipe.write((word + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.error("the guard (process {}) did not get '{}': {}", process.pid(), word, e.getMessage());
        }
    }
}
