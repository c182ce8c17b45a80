package org.jheartbeat.agent.daemon;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
    /** Beside the lock while the guard's release runs: that release's process id. */
    static final String RELEASING = "releasing";
    private static final Duration RELEASE_CHECK = Duration.ofSeconds(10);

    private final Process process;
    private String released;
    private boolean told;

    private AgentGuard(Process process, String released) {
        this.process = process;
        this.released = released;
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
                listed(addresses)));
        command.addAll(agentArguments);
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        LOG.info("guard {} watches this agent (process {}); addresses it releases should the agent die: {}",
                script.get(), process.pid(), addresses.isEmpty() ? "none" : command.get(2));
        return Optional.of(new AgentGuard(process, command.get(2)));
    }

    /**
     * Before an agent takes the lock: while the guard of an agent that is gone releases that agent's groups, waits for
     * the release to end (it ends by itself once every group stopped or its stop budget ran out). Without this an
     * agent started right after a SIGKILL would find the release holding the lock, or take it first and leave the
     * release unable to stop anything. {@code waiting} is told every ten seconds while it lasts.
     */
    static void awaitRelease(Path runDirectory, Consumer<String> waiting) throws InterruptedException {
        Optional<ProcessHandle> release = releaseUnderWay(runDirectory);
        if (release.isEmpty()) {
            return;
        }
        String what = "a release of the previous agent's groups by its guard (process " + release.get().pid()
                + ") is under way: waiting for it to end before starting";
        LOG.warn("{}", what);
        long started = System.nanoTime();
        while (true) {
            waiting.accept(what);
            try {
                release.get().onExit().get(RELEASE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("the release ended after {} ms: starting", (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (TimeoutException e) {
                LOG.warn("still waiting for the release (process {}) after {} s", release.get().pid(),
                        (System.nanoTime() - started) / 1_000_000_000);
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    /** The release announced beside the lock, if its process still runs (and, where it can be read, is a release). */
    static Optional<ProcessHandle> releaseUnderWay(Path runDirectory) {
        String pid;
        try {
            pid = Files.readString(runDirectory.resolve(RELEASING)).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!pid.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive).filter(process -> process.info()
                .commandLine().map(line -> line.contains("--release")).orElse(true));
    }

    /** The release has done its work: an agent may start. Only the announcement of this very process is removed. */
    static void releaseDone(Path runDirectory) {
        Path announcement = runDirectory.resolve(RELEASING);
        try {
            if (Files.readString(announcement).strip().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(announcement);
            }
        } catch (IOException e) {
            // Gone already, or never written (a release run by hand): nothing to take back.
        }
    }

    private static String listed(Set<InetAddress> addresses) {
        return addresses.stream().map(InetAddresses::toAddrString).sorted().collect(Collectors.joining(","));
    }

    /**
     * A reload changed the addresses haresources manages: from now on the guard releases these. Told before the
     * groups of the new configuration start, and after those it removed were stopped.
     */
    synchronized void releases(Set<InetAddress> addresses) {
        String list = listed(addresses);
        if (told || list.equals(released)) {
            return;
        }
        try {
            OutputStream pipe = process.getOutputStream();
            pipe.write(("addresses " + list + "\n").getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
            released = list;
            LOG.info("the guard now releases these addresses should the agent die: {}", list.isEmpty() ? "none" : list);
        } catch (IOException e) {
            LOG.error("the guard (process {}) did not get the new addresses: {}", process.pid(), e.getMessage());
        }
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
