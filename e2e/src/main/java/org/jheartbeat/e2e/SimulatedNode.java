package org.jheartbeat.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;

/**
 * One simulated machine: a network namespace on the lab's bridge plus an "anchor" process that holds the node's own
 * mount and UTS namespaces (its hostname, a private tmpfs on /run, and for heartbeat its /etc/ha.d and
 * /var/lib/heartbeat). Everything the node runs enters those namespaces through {@code nsenter}, so powering the
 * node off is killing every process of its mount namespace, after which the kernel drops its mounts.
 */
public final class SimulatedNode {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(10);
    /** An address in {@code ip -j addr}'s output. */
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("\"local\"\\s*:\\s*\"([^\"]+)\"");

    private final NetnsLab lab;
    private final NetnsNode net;
    private final String address;
    private final Path directory;
    private final CommandRunner host = new ProcessCommandRunner();
    private long anchorPid = -1;
    private Process agent;

    SimulatedNode(NetnsLab lab, NetnsNode net, String address, Path directory) {
        this.lab = lab;
        this.net = net;
        this.address = address;
        this.directory = directory;
    }

    public String name() {
        return net.name();
    }

    public String address() {
        return address;
    }

    public Path directory() {
        return directory;
    }

    NetnsNode net() {
        return net;
    }

    /**
     * Boots the node: link up, new anchor with {@code mounts} (shell lines run inside the new mount namespace before
     * anything else), then the node's services ({@code services}, shell lines started in the background).
     */
    void boot(List<String> mounts, List<String> services) {
        // A machine boots with its own address only: what its agent had added before it lost power is gone. Its
        // broadcast address set as ifupdown sets it: heartbeat's bcast sends to the interface's, and has none without.
        hostTool("ip", "-n", net.namespace(), "addr", "flush", "dev", "eth0");
        hostTool("ip", "-n", net.namespace(), "addr", "add", address + "/24", "brd", "+", "dev", "eth0");
        hostTool("ip", "-n", net.namespace(), "link", "set", "eth0", "up");
        StringBuilder script = new StringBuilder("set -e\nhostname ").append(name()).append('\n')
                .append("mount -t tmpfs -o mode=755 tmpfs /run\nmkdir -p /run/lock\n");
        mounts.forEach(line -> script.append(line).append('\n'));
        services.forEach(line -> script.append(line).append(" &\n"));
        script.append("echo ready:$$\nexec sleep infinity\n");
        Process anchor = lab.spawn(net, "unshare", "--uts", "--mount", "--propagation", "private", "--",
                "bash", "-c", script.toString());
        anchorPid = awaitReady(anchor);
    }

    private long awaitReady(Process anchor) {
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(anchor.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("ready:")) {
                        return line.substring("ready:".length());
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("node " + name() + " failed to boot: " + seen);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return Long.parseLong(ready.get(BOOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).strip());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("node " + name() + " did not boot within " + BOOT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while node " + name() + " booted");
        }
    }

    public boolean isUp() {
        // A zombie has no namespace links: this is false the moment the anchor is killed.
        return anchorPid > 0 && Files.exists(Path.of("/proc/" + anchorPid + "/ns/mnt"));
    }

    /** Runs a tool on the node (its network, mount and UTS namespaces), whatever its outcome. */
    public CommandResult run(Duration timeout, String... argv) {
        return host.run(Command.of(timeout, inside(argv)));
    }

    public CommandResult run(String... argv) {
        return run(TOOL_TIMEOUT, argv);
    }

    /** Starts a long-running program on the node, its output appended to {@code log}. */
    Process spawn(Path log, String... argv) {
        try {
            return new ProcessBuilder(inside(argv)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", argv) + " on " + name(), e);
        }
    }

    void startAgent(Path log, String... argv) {
        agent = spawn(log, argv);
    }

    /** A path of the node's own file system (its /run, say) as the host reaches it, through the anchor's root. */
    public Path pathInside(Path path) {
        return Path.of("/proc/" + anchorPid + "/root").resolve(Path.of("/").relativize(path.toAbsolutePath()));
    }

    public Optional<ProcessHandle> agent() {
        return Optional.ofNullable(agent).map(Process::toHandle).filter(ProcessHandle::isAlive);
    }

    private List<String> inside(String... argv) {
        if (!isUp()) {
            throw new IllegalStateException("node " + name() + " is powered off");
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(anchorPid), "-m", "-u", "-n", "--"));
        full.addAll(List.of(argv));
        return full;
    }

    /**
     * The IPv4 addresses on the node's eth0 right now, read from outside ({@code ip -j addr} in its network
     * namespace); empty when the node is powered off.
     */
    public List<String> addresses() {
        if (!isUp()) {
            return List.of();
        }
        CommandResult shown = host.run(Command.of(TOOL_TIMEOUT, "ip", "-j", "-4", "-n", net.namespace(), "addr",
                "show", "dev", "eth0"));
        if (!shown.succeeded()) {
            throw new IllegalStateException("node " + name() + ": " + shown.describe());
        }
        List<String> addresses = new ArrayList<>();
        Matcher local = LOCAL_ADDRESS.matcher(shown.stdout());
        while (local.find()) {
            addresses.add(local.group(1));
        }
        return addresses;
    }

    /** The mount points of the node's own mount namespace ({@code /proc/PID/mountinfo}); empty when it is off. */
    public List<String> mountPoints() {
        try {
            if (!isUp()) {
                return List.of();
            }
            return Files.readAllLines(Path.of("/proc/" + anchorPid + "/mountinfo")).stream()
                    .map(line -> line.split(" ")).filter(fields -> fields.length > 4).map(fields -> fields[4]).toList();
        } catch (IOException gone) {
            // The node lost power while we read.
            return List.of();
        }
    }

    /** Unplugs the node's cable: its eth0 goes down, at once, from outside. */
    public void unplug() {
        hostTool("ip", "-n", net.namespace(), "link", "set", "eth0", "down");
    }

    public void plugIn() {
        hostTool("ip", "-n", net.namespace(), "link", "set", "eth0", "up");
    }

    /** Every process of the node's mount namespace (the anchor included), found without forking per process. */
    List<Long> processes() throws IOException {
        Path own = Path.of("/proc/" + anchorPid + "/ns/mnt");
        if (!Files.exists(own)) {
            return List.of();
        }
        Object namespace = Files.readAttributes(own, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        List<Long> pids = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                try {
                    Object other = Files.readAttributes(entry.resolve("ns/mnt"),
                            java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                    if (namespace.equals(other)) {
                        pids.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // The process ended while we looked.
                }
            }
        }
        return pids;
    }

    /** Waits until no process of the node is left (a power-off run inside it kills them all, itself last). */
    void awaitPoweredOff(Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (isUp() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (long pid : processes()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        anchorPid = -1;
    }

    private void hostTool(String... argv) {
        CommandResult result = host.run(Command.of(TOOL_TIMEOUT, argv));
        if (!result.succeeded()) {
            throw new IllegalStateException("node " + name() + ": " + result.describe());
        }
    }
}
