package org.jheartbeat.resources.iscsi;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jheartbeat.agent.network.LinuxNetwork;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resources.ipaddr.IpAddrPlugin;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.jheartbeat.testsupport.netns.InNamespace;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.jheartbeat.testsupport.storage.LoopImage;
import org.jheartbeat.testsupport.storage.PrivateMountNamespace;

/**
 * Two target nodes and a client for the real tests (root): each node is a network namespace of a
 * {@link NetnsLab} plus a {@link PrivateMountNamespace}, runs its own tgtd (own control port, since tgtd's
 * management socket is a host-wide path) and can mount the one ext3 loop image that stands in for the DRBD
 * disk. {@link #close()} stops each tgtd by PID (targets deleted, then a system delete; SIGKILL if it lingers,
 * since tgtd ignores SIGTERM), and removes mounts, namespaces, loop device and files, whatever state the test
 * left them in.
 */
final class TgtNodes implements AutoCloseable {

    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TGTD_WAIT = Duration.ofSeconds(5);

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private final Path directory;
    private final NetnsLab lab;
    private final Map<NetnsNode, PrivateMountNamespace> mounts = new HashMap<>();
    private final Map<NetnsNode, Integer> controlPorts = new HashMap<>();
    private final Map<NetnsNode, Process> daemons = new HashMap<>();
    private final List<Process> clients = new ArrayList<>();
    /** Each node's addresses change through the agent's own network, opened in the node's namespace. */
    private final Map<NetnsNode, LinuxNetwork> networks = new HashMap<>();
    private LoopImage image;
    final NetnsNode a;
    final NetnsNode b;
    final NetnsNode client;
    /** The shared filesystem's mount point, the same path on both nodes (the seed's /data). */
    final Path data;

    TgtNodes(String subnet) throws IOException {
        directory = Files.createTempDirectory("jhb-iet-");
        data = Files.createDirectory(directory.resolve("data"));
        lab = NetnsLab.create();
        try {
            a = lab.addNode("ia", subnet + ".1/24");
            b = lab.addNode("ib", subnet + ".2/24");
            client = lab.addNode("ic", subnet + ".3/24");
            // tgtd takes control ports up to about 32k; spread by PID so parallel JVMs do not share a management socket.
            int basePort = 4000 + (int) (ProcessHandle.current().pid() % 12000) * 2;
            for (NetnsNode node : List.of(a, b)) {
                mounts.put(node, PrivateMountNamespace.create());
                controlPorts.put(node, basePort + controlPorts.size());
            }
            image = LoopImage.create(host, directory, 64, "ext3");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs commands on the node as its agent would: in its network namespace and its mount namespace. */
    CommandRunner runner(NetnsNode node) {
        return mounts.get(node).runner(lab.runnerIn(node));
    }

    CommandResult run(NetnsNode node, String... argv) {
        CommandRunner runner = node.equals(client) ? lab.runnerIn(client) : runner(node);
        return runner.run(Command.of(TOOL_TIMEOUT, argv));
    }

    CommandResult require(NetnsNode node, String... argv) {
        CommandResult result = run(node, argv);
        if (!result.succeeded()) {
            throw new AssertionError("on " + node.name() + ": " + result.describe());
        }
        return result;
    }

    void mountData(NetnsNode node) {
        require(node, "mount", "-t", "ext3", image.device().toString(), data.toString());
    }

    void unmountData(NetnsNode node) {
        require(node, "umount", data.toString());
    }

    int controlPort(NetnsNode node) {
        return controlPorts.get(node);
    }

    /** Starts tgtd inside the node and waits until it answers tgtadm. */
    void startTgtd(NetnsNode node) throws InterruptedException, IOException {
        Process daemon = lab.spawn(node, "nsenter", "--mount=/proc/" + mounts.get(node).pid() + "/ns/mnt", "--",
                "tgtd", "-f", "-C", Integer.toString(controlPort(node)));
        daemons.put(node, daemon);
        long deadline = System.nanoTime() + TGTD_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (tgtadm(node, "--op", "show", "--mode", "sys").succeeded()) {
                return;
            }
            if (!daemon.isAlive()) {
                throw new AssertionError("tgtd on " + node.name() + " exited " + daemon.exitValue() + ": "
                        + new String(daemon.getInputStream().readAllBytes()));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("tgtd on " + node.name() + " did not answer within " + TGTD_WAIT);
    }

    /** Starts a long-running tool on the client; closing the nodes kills it if the test did not. */
    Process spawnOnClient(String... argv) {
        Process process = lab.spawn(client, argv);
        clients.add(process);
        return process;
    }

    CommandResult tgtadm(NetnsNode node, String... arguments) {
        List<String> argv = new ArrayList<>(List.of("tgtadm", "-C", Integer.toString(controlPort(node))));
        argv.addAll(List.of(arguments));
        return run(node, argv.toArray(String[]::new));
    }

    Resource target(NetnsNode node, String token, Config settings) throws InvalidResourceException {
        return new IscsiTargetType().create(ResourceSpec.parse(token),
                new ResourceContext(node.name(), runner(node), new FakeHost(), new FakeNetwork(),
                new RecordingFencer(), settings));
    }

    /** The virtual address resource of resources-ipaddr, as the agent would load it. */
    Resource address(NetnsNode node, String token, Config settings) throws InvalidResourceException, IOException {
        Map<String, ResourceType> types = Guice.createInjector(new IpAddrPlugin())
                .getInstance(Key.get(new TypeLiteral<Map<String, ResourceType>>() { }));
        ResourceSpec spec = ResourceSpec.parse(token);
        return types.get(spec.type()).create(spec,
                new ResourceContext(node.name(), lab.runnerIn(node), new FakeHost(), networkOf(node),
                new RecordingFencer(), settings));
    }

    private LinuxNetwork networkOf(NetnsNode node) throws IOException {
        LinuxNetwork network = networks.get(node);
        if (network == null) {
            network = InNamespace.call(node, LinuxNetwork::open);
            networks.put(node, network);
        }
        return network;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        // Clients first: a session with commands in flight keeps tgtd from deleting its target.
        for (Process process : clients) {
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        daemons.forEach((node, daemon) -> stopTgtd(node, daemon, problems));
        networks.values().forEach(LinuxNetwork::close);
        mounts.values().forEach(PrivateMountNamespace::close);
        if (image != null) {
            try {
                image.close();
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        lab.close();
        controlPorts.values().forEach(port -> {
            for (String suffix : List.of("", ".lock")) {
                try {
                    Files.deleteIfExists(Path.of("/var/run/tgtd/socket." + port + suffix));
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }
        });
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        if (!problems.isEmpty()) {
            throw new IOException("cleaning up the tgt nodes: " + String.join("; ", problems));
        }
    }

    /** tgtd ignores SIGTERM and refuses a system delete while targets exist: delete them first, SIGKILL as last resort. */
    private void stopTgtd(NetnsNode node, Process daemon, List<String> problems) {
        if (daemon.isAlive()) {
            CommandResult show = tgtadm(node, "--lld", "iscsi", "--op", "show", "--mode", "target");
            if (show.succeeded()) {
                for (TgtShow.Target target : TgtShow.parse(show.stdout())) {
                    tgtadm(node, "--lld", "iscsi", "--op", "delete", "--force", "--mode", "target",
                            "--tid", Integer.toString(target.tid()));
                }
            }
            tgtadm(node, "--op", "delete", "--mode", "system");
        }
        try {
            if (!daemon.waitFor(2, TimeUnit.SECONDS)) {
                problems.add("tgtd " + daemon.pid() + " on " + node.name() + " ignored the system delete; killed");
                daemon.destroyForcibly();
                daemon.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.destroyForcibly();
        }
    }
}
