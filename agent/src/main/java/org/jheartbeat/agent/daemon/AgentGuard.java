package org.jheartbeat.agent.daemon;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jheartbeat.agent.cluster.GuardWords;
import org.jheartbeat.agent.membership.SealedAhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's guard: a small process ({@code jheartbeat-guard}, beside the launcher) that outlives the agent and acts
 * when the agent goes without stopping its groups. Its standard input is a pipe from the agent, so it learns at once
 * how the agent ended: {@code stopped} (every group was handed over, nothing to do), {@code restart MILLIS} (wait
 * that long for the next agent to claim the restart marker, {@link RestartInPlace}), or the end of the pipe with no
 * word (SIGKILL, a JVM crash, out of memory, systemd's watchdog). Then, in milliseconds, it tells the peers that it
 * releases the agent's groups (words the agent sealed ahead for it, {@link #sends}), deletes every address
 * haresources manages that is on this machine, and runs {@code jheartbeat --release}, which stops every group still
 * running here in reverse order and fences the node where a stop fails; once every group is stopped it tells the
 * peers so. The peers declare the agent dead only after deadtime, and by then the addresses are gone and the peers
 * know to wait for the release before they start anything of this node's ({@code AwayHolds}).
 */
final class AgentGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AgentGuard.class);
    /** Beside the lock while the guard releases the groups of an agent that is gone: the guard's process id. */
    static final String RELEASING = "releasing";
    /** The guard's name, as the launcher names it ({@code -Djheartbeat.guard}). */
    static final String GUARD_SCRIPT = "jheartbeat-guard";
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

    /**
     * The guard releasing, as it announced itself beside the lock, if its process still runs (and, where its command
     * line can be read, is a guard: not a process that got its id since).
     */
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
                .commandLine().map(line -> line.contains(GUARD_SCRIPT)).orElse(true));
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

    /**
     * The words the guard sends the peers when it releases the agent's groups ({@link GuardWords}), as sealed on each
     * link: one line {@code words ENTRY;ENTRY...}, an entry per link and phase, {@code PHASE SOURCE-ADDRESS
     * SOURCE-PORT MULTICAST TARGET,TARGET... HEX,HEX...} (MULTICAST {@code -}, or {@code TTL/INTERFACE-INDEX} on an
     * mcast medium; a target {@code ADDRESS/PORT}; one datagram per copy). They travel only on the pipe: whoever held them could make the peers wait for a release.
     */
    synchronized void sends(List<SealedAhead> links) {
        if (told) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (SealedAhead link : links) {
            for (GuardWords.Phase phase : GuardWords.Phase.values()) {
                List<String> copies = new ArrayList<>();
                for (int index = 0; index < link.words().size(); index++) {
                    if (GuardWords.phase(index) == phase) {
                        copies.add(HexFormat.of().formatHex(link.words().get(index)));
                    }
                }
                entries.add(phase.name().toLowerCase(Locale.ROOT) + " "
                        + InetAddresses.toAddrString(link.source().getAddress()) + " " + link.source().getPort() + " "
                        + multicast(link) + " "
                        + link.targets().stream().map(target -> InetAddresses.toAddrString(target.getAddress()) + "/"
                        + target.getPort()).collect(Collectors.joining(",")) + " " + String.join(",", copies));
            }
        }
        try {
            OutputStream pipe = process.getOutputStream();
            pipe.write(("words " + String.join(";", entries) + "\n").getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
            LOG.info("the guard holds its words for the peers, sealed on {} links", links.size());
        } catch (IOException e) {
            LOG.error("the guard (process {}) did not get its words for the peers: {}", process.pid(), e.getMessage());
        }
    }

    private static String multicast(SealedAhead link) {
        if (link.multicastTtl().isEmpty()) {
            return "-";
        }
        int index;
        try {
            index = Optional.ofNullable(NetworkInterface.getByInetAddress(link.source().getAddress()))
                    .map(NetworkInterface::getIndex).orElse(0);
        } catch (SocketException e) {
            index = 0; // the kernel's choice: the route to the group
        }
        return link.multicastTtl().getAsInt() + "/" + index;
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
