package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.resources.filesystem.FilesystemType;
import org.jheartbeat.testsupport.OperationTimer;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.jheartbeat.testsupport.storage.LoopImage;
import org.jheartbeat.testsupport.storage.PrivateMountNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's failover with NFS-Ganesha standing in for the kernel server (this kernel has no nfsd): node A
 * mounts the shared ext3 (a loop device) with the Filesystem resource and serves it with the nfs-ganesha
 * resource on the virtual address; a client namespace writes files with libnfs's nfs-cp; A fails (Ganesha
 * killed by PID, the filesystem unmounted, the address gone); B mounts the same image, takes the address and
 * starts Ganesha with the same configuration, so the same recovery directory; the client reads back every
 * file written before the failure and keeps writing. Prints the client-visible outage.
 *
 * <p>Each node is a network namespace of a {@link NetnsLab} plus a {@link PrivateMountNamespace}; the
 * resources' tools run in both. Moving the address stands in for the IPaddr resource: B adds it and
 * announces it with the kernel's own gratuitous ARP (arp_notify on a MAC address change).
 */
class GaneshaFailoverTest {

    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(20);
    private static final OperationTimer TIMER = new OperationTimer("nfs-failover");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);
    private static final String VIRTUAL_ADDRESS = "10.79.0.100";
    private static final int GRACE_SECONDS = 5;
    private static final long WRITE_INTERVAL_MILLIS = 100;

    @TempDir
    Path work;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final CommandRunner host = new ProcessCommandRunner();

    /** One server node: its namespaces, the runner for its resources' tools, its two resources. */
    private record Node(String name, NetnsNode net, PrivateMountNamespace mounts, CommandRunner runner,
                        Resource filesystem, Resource nfs, Path pidFile, Path log) {
    }

    /** One nfs-cp of the client: when it ran and how it ended. */
    private record Write(int index, long startNanos, long endNanos, boolean ok, String outcome) {
    }

    @Test
    void takeoverNodeServesEverythingWrittenBeforeTheFailureAndTheClientWritesOn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "namespaces, loop devices and mounts need root");
        try {
            run();
        } finally {
            Collections.reverse(cleanup);
            for (AutoCloseable resource : cleanup) {
                resource.close();
            }
        }
    }

    private void run() throws Exception {
        NetnsLab lab = NetnsLab.create();
        cleanup.add(lab);
        LoopImage image = LoopImage.create(host, work, 64, "ext3");
        cleanup.add(image);
        Path shared = work.resolve("shared");
        Path config = writeConfig(shared);
        Node a = node(lab, "a", "10.79.0.1/24", image, shared, config);
        Node b = node(lab, "b", "10.79.0.2/24", image, shared, config);
        CommandRunner client = lab.runnerIn(lab.addNode("client", "10.79.0.9/24"));

        expectSuccess("A: Filesystem start", () -> a.filesystem().start(OPERATION_TIMEOUT));
        inNode(a, "mkdir", "-p", shared.resolve("export").toString());
        claimAddress(lab, a);
        expectSuccess("A: nfs-ganesha start", () -> a.nfs().start(OPERATION_TIMEOUT));
        assertThat(a.nfs().status(OPERATION_TIMEOUT)).isEqualTo(OperationResult.success());

        List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> writeUntilStopped(client, writes, writing), "nfs-client-writer");
        writer.start();
        cleanup.add(() -> {
            writing.set(false);
            writer.join(CLIENT_TIMEOUT.multipliedBy(2).toMillis());
        });
        awaitSuccesses(writes, 0, 10, Duration.ofSeconds(20));

        long failedAt = System.nanoTime();
        fail(lab, a);
        long takeoverStarted = System.nanoTime();
        takeOver(lab, b, shared);
        long serving = System.nanoTime();
        awaitSuccesses(writes, failedAt, 5, Duration.ofSeconds(GRACE_SECONDS + 20));
        writing.set(false);
        writer.join(CLIENT_TIMEOUT.multipliedBy(2).toMillis());

        List<Write> acknowledged = writes.stream().filter(Write::ok).toList();
        for (Write write : acknowledged) {
            CommandResult read = client.run(Command.of(CLIENT_TIMEOUT, "nfs-cat", url(write.index())));
            assertThat(read.succeeded()).as("reading back file %d: %s", write.index(), read.describe()).isTrue();
            assertThat(read.stdout()).as("content of file %d", write.index()).isEqualTo(content(write.index()));
        }
        printFigures(List.copyOf(writes), failedAt, serving - takeoverStarted);
        printGrace(b.log());

        expectSuccess("B: nfs-ganesha stop", () -> b.nfs().stop(OPERATION_TIMEOUT));
        assertThat(b.nfs().status(OPERATION_TIMEOUT).outcome()).isEqualTo(OperationResult.Outcome.NOT_RUNNING);
        expectSuccess("B: Filesystem stop", () -> b.filesystem().stop(OPERATION_TIMEOUT));
    }

    /** A dies: Ganesha killed by PID, the shared filesystem unmounted, the address gone. */
    private void fail(NetnsLab lab, Node a) throws Exception {
        long pid = Long.parseLong(Files.readString(a.pidFile()).strip());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitGone(pid);
        expectSuccess("A: Filesystem stop after Ganesha was killed", () -> a.filesystem().stop(OPERATION_TIMEOUT));
        lab.exec(a.net(), "ip", "addr", "del", VIRTUAL_ADDRESS + "/24", "dev", NetnsNode.DEVICE);
        assertThat(a.nfs().status(OPERATION_TIMEOUT).outcome()).as("A after the failure")
                .isEqualTo(OperationResult.Outcome.NOT_RUNNING);
    }

    /** B does what the seed's group does: filesystem, address, NFS server; it finds A's client records. */
    private void takeOver(NetnsLab lab, Node b, Path shared) throws IOException {
        expectSuccess("B: Filesystem start", () -> b.filesystem().start(OPERATION_TIMEOUT));
        Path records = b.mounts().mountInfo().getParent().resolve("root")
                .resolve(Path.of("/").relativize(shared.resolve("nfs-ganesha/v4recov/node0")));
        try (Stream<Path> clients = Files.list(records)) {
            assertThat(clients.toList()).as("client records A left on the shared filesystem").isNotEmpty();
        }
        claimAddress(lab, b);
        expectSuccess("B: nfs-ganesha start", () -> b.nfs().start(OPERATION_TIMEOUT));
    }

    private static void printFigures(List<Write> writes, long failedAt, long takeoverNanos) {
        List<Write> before = writes.stream().filter(w -> w.ok() && w.endNanos() <= failedAt).toList();
        List<Write> after = writes.stream().filter(w -> w.ok() && w.startNanos() > failedAt).toList();
        Write lastBefore = before.get(before.size() - 1);
        Write firstAfter = after.get(0);
        System.out.printf("[nfs-failover] files acknowledged before the failure: %d, after: %d; all %d read back"
                + " from B with their content%n", before.size(), after.size(), writes.stream().filter(Write::ok).count());
        System.out.printf("[nfs-failover] A killed -> B serving (Filesystem + address + nfs-ganesha start): %.0f ms%n",
                millis(takeoverNanos));
        System.out.printf("[nfs-failover] client-visible outage (last write acknowledged by A -> first by B): %.0f ms"
                + " with Grace_Period = %d s; first write after the failure started %.0f ms after the kill%n",
                millis(firstAfter.endNanos() - lastBefore.endNanos()), GRACE_SECONDS,
                millis(firstAfter.startNanos() - failedAt));
        Map<String, List<Long>> failures = new TreeMap<>();
        writes.stream().filter(w -> !w.ok()).forEach(w -> failures.computeIfAbsent(w.outcome(),
                kind -> new ArrayList<>()).add(Math.round(millis(w.startNanos() - failedAt))));
        failures.forEach((kind, offsets) -> System.out.printf("[nfs-failover] failed client writes: %d x %s, started"
                + " %d..%d ms after the kill%n", offsets.size(), kind, offsets.get(0), offsets.get(offsets.size() - 1)));
    }

    private Node node(NetnsLab lab, String name, String cidr, LoopImage image, Path shared, Path config)
            throws IOException {
        NetnsNode net = lab.addNode(name, cidr);
        lab.exec(net, "sysctl", "-qw", "net.ipv4.conf." + NetnsNode.DEVICE + ".arp_notify=1");
        PrivateMountNamespace mounts = PrivateMountNamespace.create();
        cleanup.add(mounts);
        CommandRunner runner = mounts.runner(lab.runnerIn(net));
        Path pidFile = work.resolve("ganesha-" + name + ".pid");
        Path log = work.resolve("ganesha-" + name + ".log");
        cleanup.add(() -> killGanesha(pidFile));
        ResourceContext context = new ResourceContext(name, runner, LinuxHost.ofProcess(mounts.pid()), new FakeNetwork(),
                new RecordingFencer(), ConfigFactory.parseString(
                "jheartbeat.resources.nfs.ganesha { pid-file = \"" + pidFile + "\", log-file = \"" + log + "\" }")
                .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources"));
        try {
            Resource filesystem = new FilesystemType().create(
                    ResourceSpec.parse("Filesystem::" + image.device() + "::" + shared + "::ext3"), context);
            Resource nfs = NfsServerType.ganesha()
                    .create(ResourceSpec.parse("nfs-ganesha::" + config), context);
            return new Node(name, net, mounts, runner, filesystem, nfs, pidFile, log);
        } catch (org.jheartbeat.resource.InvalidResourceException e) {
            throw new AssertionError(e);
        }
    }

    private Path writeConfig(Path shared) throws IOException {
        return Files.writeString(work.resolve("ganesha.conf"), """
                NFS_CORE_PARAM { Protocols = 4; NFS_Port = 2049; Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; }
                NFSV4 { RecoveryBackend = fs; RecoveryRoot = %1$s/nfs-ganesha; Grace_Period = %2$d; Lease_Lifetime = %2$d; }
                NFS_KRB5 { Active_krb5 = false; }
                EXPORT_DEFAULTS { SecType = sys; }
                EXPORT {
                    Export_Id = 1; Path = %1$s/export; Pseudo = /export; Access_Type = RW; Squash = No_Root_Squash;
                    Protocols = 4; Transports = TCP; FSAL { Name = VFS; }
                }
                LOG { Default_Log_Level = EVENT; }
                """.formatted(shared, GRACE_SECONDS));
    }

    /** What IPaddr does on takeover: the address, then a gratuitous ARP so the client's neighbour entry moves. */
    private static void claimAddress(NetnsLab lab, Node node) {
        assertThat(lab.exec(node.net(), "ip", "addr", "add", VIRTUAL_ADDRESS + "/24", "dev", NetnsNode.DEVICE).succeeded())
                .isTrue();
        String freshMac = "02:00:0a:4f:00:" + (node.name().equals("a") ? "0a" : "0b");
        CommandResult announce = lab.exec(node.net(), "ip", "link", "set", NetnsNode.DEVICE, "address", freshMac);
        assertThat(announce.succeeded()).as(announce.describe()).isTrue();
    }

    private void inNode(Node node, String... argv) {
        CommandResult result = node.runner().run(Command.of(OPERATION_TIMEOUT, argv));
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    private void writeUntilStopped(CommandRunner client, List<Write> writes, AtomicBoolean writing) {
        try {
            for (int index = 0; writing.get(); index++) {
                Path local = Files.writeString(work.resolve("client-" + index + ".txt"), content(index));
                long started = System.nanoTime();
                CommandResult copy = client.run(Command.of(CLIENT_TIMEOUT, "nfs-cp", local.toString(), url(index)));
                writes.add(new Write(index, started, System.nanoTime(), copy.succeeded(), outcome(copy)));
                Thread.sleep(WRITE_INTERVAL_MILLIS);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failed write by kind: NFS4ERR_GRACE, timed out, or the first words of what nfs-cp said. */
    private static String outcome(CommandResult copy) {
        if (copy.succeeded()) {
            return "ok";
        }
        if (copy.timedOut()) {
            return "timed out after " + CLIENT_TIMEOUT.toSeconds() + " s";
        }
        String said = (copy.stderr() + copy.stdout()).strip();
        int grace = said.indexOf("NFS4ERR_GRACE");
        return grace >= 0 ? "NFS4ERR_GRACE" : "exit " + copy.exitCode() + ": "
                + said.replaceAll("nfs://\\S+", "URL").replace('\n', ' ');
    }

    private static List<Write> successes(List<Write> writes, long startedAfter) {
        synchronized (writes) {
            return writes.stream().filter(w -> w.ok() && w.startNanos() > startedAfter).toList();
        }
    }

    private static void awaitSuccesses(List<Write> writes, long startedAfter, int wanted, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (successes(writes, startedAfter).size() < wanted) {
            synchronized (writes) {
                assertThat(System.nanoTime()).as("%d successful client writes within %s; so far: %s", wanted, limit,
                        writes.subList(Math.max(0, writes.size() - 5), writes.size())).isLessThan(deadline);
            }
            Thread.sleep(50);
        }
    }

    private static String url(int index) {
        return "nfs://" + VIRTUAL_ADDRESS + "/export/file-" + index + ".txt?version=4";
    }

    private static String content(int index) {
        return "jheartbeat nfs failover file " + index + "\n";
    }

    private static void printGrace(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.contains("GRACE") || line.contains("clid count")) {
                System.out.println("[nfs-failover] B's log: " + line.substring(line.indexOf("] ") + 2));
            }
        }
    }

    /** Kills the Ganesha of a pid file if one still runs, whatever the test did before failing. */
    private static void killGanesha(Path pidFile) {
        try {
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
            if (!pid.matches("[0-9]+")) {
                return;
            }
            ProcessHandle.of(Long.parseLong(pid))
                    .filter(process -> process.info().command().map(c -> c.endsWith("ganesha.nfsd")).orElse(false))
                    .ifPresent(process -> {
                        process.destroyForcibly();
                        process.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> process).join();
                    });
        } catch (IOException e) {
            System.err.println("cannot read " + pidFile + ": " + e.getMessage());
        }
    }

    /** Gone or a zombie: PID 1 here reaps orphaned daemons late, so ProcessHandle would call a zombie alive. */
    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (new LinuxHost().processName(pid).isPresent()) {
            assertThat(System.nanoTime()).as("ganesha.nfsd %d gone within 5 s of SIGKILL", pid).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static void expectSuccess(String what, Supplier<OperationResult> operation) {
        assertThat(TIMER.time(what, operation)).as(what).isEqualTo(OperationResult.success());
    }
}
