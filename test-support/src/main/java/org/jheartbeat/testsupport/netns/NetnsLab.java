package org.jheartbeat.testsupport.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;

/**
 * A private Ethernet segment for tests (root only): a switch namespace holding a bridge, and node namespaces
 * each attached to it by a veth pair whose node end is {@code eth0}. Nothing is created in the host's own
 * namespace, so addresses used here are reachable only from inside the lab.
 *
 * <pre>
 * try (NetnsLab lab = NetnsLab.create()) {
 *     NetnsNode a = lab.addNode("a", "10.78.0.1/24");
 *     lab.exec(a, "ping", "-c", "1", "10.78.0.2");
 *     ResourceContext context = new ResourceContext("a", lab.runnerIn(a), fencer, settings);
 *     try (PingWatch replies = lab.ping(b, "10.78.0.100", Duration.ofMillis(10))) { ... }
 * }
 * </pre>
 *
 * {@link #close()} kills what the lab started, then every process still inside its namespaces, then deletes
 * the namespaces (their veths and bridge go with them). A shutdown hook closes a lab a test forgot, and
 * {@link #create()} removes namespaces left by labs of JVMs that died without closing theirs.
 */
public final class NetnsLab implements AutoCloseable {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
    private static final String NAME_PREFIX = "jhbt";
    private static final AtomicInteger LABS = new AtomicInteger();

    private final CommandRunner host = new ProcessCommandRunner();
    private final String prefix;
    private final String switchNamespace;
    private final List<NetnsNode> nodes = new ArrayList<>();
    private final List<Process> spawned = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "netns-lab-cleanup");

    private NetnsLab(String prefix) {
        this.prefix = prefix;
        this.switchNamespace = prefix + "sw";
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A lab with an empty bridge; names are unique to this JVM and lab. */
    public static NetnsLab create() {
        removeLeftovers(new ProcessCommandRunner());
        NetnsLab lab = new NetnsLab(NAME_PREFIX + ProcessHandle.current().pid() + "-" + LABS.incrementAndGet() + "-");
        try {
            lab.host("ip", "netns", "add", lab.switchNamespace);
            lab.host("ip", "-n", lab.switchNamespace, "link", "add", "br0", "type", "bridge");
            lab.host("ip", "-n", lab.switchNamespace, "link", "set", "br0", "up");
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * A namespace named after {@code name} with {@code eth0} on the bridge, up, carrying the addresses
     * {@code cidrs} (IPv4 or IPv6, e.g. {@code 10.78.0.1/24}). IPv6 duplicate address detection is off in the
     * node so its addresses, link-local included, are usable at once.
     */
    public synchronized NetnsNode addNode(String name, String... cidrs) {
        String namespace = prefix + name;
        String bridgePort = "v" + nodes.size();
        host("ip", "netns", "add", namespace);
        host("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0");
        host("ip", "link", "add", "name", NetnsNode.DEVICE, "netns", namespace, "type", "veth",
                "peer", "name", bridgePort, "netns", switchNamespace);
        host("ip", "-n", switchNamespace, "link", "set", bridgePort, "master", "br0", "up");
        host("ip", "-n", namespace, "link", "set", "lo", "up");
        for (String cidr : cidrs) {
            host("ip", "-n", namespace, "addr", "add", cidr, "dev", NetnsNode.DEVICE);
        }
        host("ip", "-n", namespace, "link", "set", NetnsNode.DEVICE, "up");
        NetnsNode node = new NetnsNode(name, namespace, macOf(namespace));
        nodes.add(node);
        return node;
    }

    /**
     * A cable straight from one node to another, off the bridge (the crossover link two-node clusters often keep
     * for their heartbeats): {@code device} in each, up, carrying the address given. It goes with the namespaces.
     */
    public synchronized void cable(String device, NetnsNode first, String firstCidr, NetnsNode second,
                                   String secondCidr) {
        host("ip", "link", "add", "name", device, "netns", first.namespace(), "type", "veth",
                "peer", "name", device, "netns", second.namespace());
        host("ip", "-n", first.namespace(), "addr", "add", firstCidr, "dev", device);
        host("ip", "-n", second.namespace(), "addr", "add", secondCidr, "dev", device);
        host("ip", "-n", first.namespace(), "link", "set", device, "up");
        host("ip", "-n", second.namespace(), "link", "set", device, "up");
    }

    /** Runs a tool inside the node's namespace and returns how it ended, whatever that was. */
    public CommandResult exec(NetnsNode node, String... argv) {
        return runnerIn(node).run(Command.of(TOOL_TIMEOUT, argv));
    }

    /** A runner whose every command runs inside the node's network namespace, as an agent on that node would. */
    public CommandRunner runnerIn(NetnsNode node) {
        return command -> {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
            argv.addAll(command.argv());
            return host.run(command.withArgv(argv));
        };
    }

    /** The MAC address the node's neighbour table holds for {@code address} on its eth0, if it holds one. */
    public Optional<String> neighbourMac(NetnsNode node, String address) {
        String[] words = exec(node, "ip", "neigh", "show", address, "dev", NetnsNode.DEVICE).stdout().strip().split("\\s+");
        for (int index = 0; index + 1 < words.length; index++) {
            if (words[index].equals("lladdr")) {
                return Optional.of(words[index + 1].toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /**
     * Pings {@code address} from the node every {@code interval} until closed (or the lab is), noting each
     * reply's arrival. An interval under a second needs a ping that takes fractions: IPv4 {@code ping} does.
     */
    public PingWatch ping(NetnsNode node, String address, Duration interval) {
        List<String> argv = new ArrayList<>(List.of("stdbuf", "-oL", pingTool(address)));
        if (IPUTILS_PING) {
            argv.add("-D");
        }
        argv.addAll(List.of("-i", PingWatch.seconds(interval), address));
        return new PingWatch(spawn(node, argv.toArray(String[]::new)));
    }

    /** Whether the ping installed is iputils' (which stamps replies with -D); GNU inetutils' does not know -D. */
    private static final boolean IPUTILS_PING = isIputilsPing();

    private static boolean isIputilsPing() {
        try {
            return new ProcessCommandRunner().run(Command.of(Duration.ofSeconds(5), "ping", "-V")).stdout()
                    .contains("iputils");
        } catch (UncheckedIOException noPing) {
            return false;
        }
    }

    /** One-shot pings, one after another while waiting, for IPv6 with GNU inetutils' whole-second {@code ping6}. */
    public OneShotPings pingOneShots(NetnsNode node, String address) {
        return new OneShotPings(this, node, pingTool(address), address);
    }

    /** iputils' ping handles both families; inetutils' needs ping6 for IPv6, which iputils' also still answers to when present. */
    private static String pingTool(String address) {
        boolean ping6 = Files.isExecutable(Path.of("/usr/bin/ping6")) || Files.isExecutable(Path.of("/bin/ping6"));
        return address.contains(":") && ping6 ? "ping6" : "ping";
    }

    /** Starts a long-running tool inside the node (stderr merged into stdout); the lab kills it on close. */
    public synchronized Process spawn(NetnsNode node, String... argv) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", node.namespace()));
        full.addAll(List.of(argv));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            spawned.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", full), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            for (Process process : spawned) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            for (NetnsNode node : nodes) {
                killProcessesIn(host, node.namespace());
                host.run(Command.of(TOOL_TIMEOUT, "ip", "netns", "del", node.namespace()));
            }
            host.run(Command.of(TOOL_TIMEOUT, "ip", "netns", "del", switchNamespace));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Closed by the hook itself.
        }
    }

    /** {@code ip -br link} prints: name, state, MAC, flags. */
    private String macOf(String namespace) {
        return host("ip", "-n", namespace, "-br", "link", "show", NetnsNode.DEVICE).stdout().strip().split("\\s+")[2];
    }

    private CommandResult host(String... argv) {
        CommandResult result = host.run(Command.of(TOOL_TIMEOUT, argv));
        if (!result.succeeded()) {
            throw new IllegalStateException("netns lab setup failed: " + result.describe());
        }
        return result;
    }

    /** Namespaces named by a lab of a JVM that is gone; only this class's own naming scheme is touched. */
    private static void removeLeftovers(CommandRunner host) {
        CommandResult list = host.run(Command.of(TOOL_TIMEOUT, "ip", "netns", "list"));
        for (String line : list.stdout().split("\n")) {
            String namespace = line.strip().split("\\s+")[0];
            if (!namespace.startsWith(NAME_PREFIX)) {
                continue;
            }
            String pid = namespace.substring(NAME_PREFIX.length()).split("-")[0];
            boolean ownerAlive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                    && ProcessHandle.of(Long.parseLong(pid)).isPresent();
            if (!ownerAlive) {
                killProcessesIn(host, namespace);
                host.run(Command.of(TOOL_TIMEOUT, "ip", "netns", "del", namespace));
            }
        }
    }

    /** Every process in the namespace was started there by a lab (ours or a dead JVM's): kill them by PID. */
    private static void killProcessesIn(CommandRunner host, String namespace) {
        CommandResult pids = host.run(Command.of(TOOL_TIMEOUT, "ip", "netns", "pids", namespace));
        List<ProcessHandle> processes = new ArrayList<>();
        for (String pid : pids.stdout().split("\\s+")) {
            if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit)) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(processes::add);
            }
        }
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Deleting the namespace below does not need the process gone; the name just lingers until it is.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
