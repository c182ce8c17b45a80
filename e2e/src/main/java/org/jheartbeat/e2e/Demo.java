package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.CommandResult;

/**
 * The live demo (scripts/demo.sh): the seed's two-node NFS and iSCSI server on this machine, each node a set of
 * namespaces running the real agent; a client writes, the owner loses power, the peer takes over, the client reads
 * its data back. Argument: the jheartbeat distribution directory (packaging/target/jheartbeat).
 */
public final class Demo {

    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration SERVICE_WAIT = Duration.ofSeconds(30);
    private final Map<String, Integer> linesShown = new HashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Demo JHEARTBEAT_HOME (e.g. packaging/target/jheartbeat)");
            System.exit(2);
        }
        new Demo().run(Path.of(args[0]));
    }

    private void run(Path home) throws Exception {
        ClusterSetup setup = ClusterSetup.seed();
        step("Building two simulated machines (alpha, beta) and a client on one network, with a shared disk");
        try (ClusterLab cluster = ClusterLab.create(setup, home)) {
            ClientView client = new ClientView(cluster);
            for (SimulatedNode node : cluster.nodes()) {
                say("node %-5s %s  (own network, mount and hostname namespaces; config in %s)", node.name(),
                        node.address(), node.directory());
            }
            say("client      %s", setup.clientAddress());
            say("ha.cf: keepalive %s, deadtime %s, ucast on eth0; haresources (the seed's group, left to right):",
                    setup.keepalive(), setup.deadtime());
            say("  %s", cluster.haresources());

            step("Powering both nodes on: each runs `bin/jheartbeat --config-dir ... --node NAME --settings ...`");
            long start = System.nanoTime();
            cluster.powerOn("alpha");
            check(cluster.awaitAgentStarted("alpha", START_WAIT), "start of alpha's agent");
            cluster.powerOn("beta");
            boolean serving = Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha")))
                    && Await.condition(SERVICE_WAIT, client::groupAnswers)
                    && Await.condition(START_WAIT, () -> cluster.agentLogText("alpha").contains("node beta alive"));
            showAgentLogs(cluster);
            if (!serving) {
                throw new IllegalStateException("the cluster did not start serving:\n" + cluster.describe());
            }
            say("=> alpha owns the group; NFS answers on %s, %d ms after power-on", ClusterLab.VIP, Await.millisSince(start));
            showStatus(cluster, "alpha");

            step("The client writes over NFS (nfs-cp) and iSCSI (qemu-io on LUN 1) through " + ClusterLab.VIP);
            String content = "written before the failover at " + java.time.Instant.now() + "\n";
            check(client.writeFileWithin("hello.txt", content, SERVICE_WAIT), "NFS write of hello.txt");
            say("nfs-cp hello.txt -> acknowledged: %s", content.strip());
            check(client.writeBlock(0, 0x5a), "iSCSI write");
            say("qemu-io 'write -P 0x5a 0 64k' -> acknowledged");

            step("Pulling alpha's plug: link down, then every process of alpha killed (agent, Ganesha, tgtd)");
            long failure = cluster.powerOff("alpha", "demo: power lost");
            boolean moved = Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("beta")));
            long vipMillis = Await.millisSince(failure);
            check(moved && Await.condition(SERVICE_WAIT, client::groupAnswers), "takeover by beta");
            long servedMillis = Await.millisSince(failure);
            showAgentLogs(cluster);
            say("=> %s is on beta %d ms after the power loss (deadtime %s s); NFS and iSCSI answer after %d ms",
                    ClusterLab.VIP, vipMillis, setup.deadtime(), servedMillis);
            showStatus(cluster, "beta");

            step("The client reads its data back from beta");
            String read = client.readFileWithin("hello.txt", SERVICE_WAIT);
            long nfsMillis = Await.millisSince(failure);
            check(content.equals(read), "NFS read of hello.txt after the failover (got " + read + ")");
            say("nfs-cat hello.txt -> %s   (%d ms after the power loss; Ganesha's 5 s grace period included)",
                    read.strip(), nfsMillis);
            check(client.blockHoldsWithin(0, 0x5a, SERVICE_WAIT), "iSCSI read after the failover");
            say("qemu-io 'read -P 0x5a 0 64k' -> pattern verified");
            showAgentLogs(cluster);

            step("Cleaning up: both nodes powered off, namespaces, loop device and files removed");
        }
        say("done.");
    }

    /** What the node's agent says about the cluster, as an administrator on that node would ask it. */
    private static void showStatus(ClusterLab cluster, String node) {
        say("%n%s# hbctl status", node);
        CommandResult status = cluster.hbctl(node, "status");
        (status.stdout().isBlank() ? status.stderr() : status.stdout()).lines().forEach(line -> say("  %s", line));
    }

    /** The agents' log lines that tell the story (membership, groups, resources) since last shown. */
    private void showAgentLogs(ClusterLab cluster) {
        List<String> merged = new ArrayList<>();
        for (SimulatedNode node : cluster.nodes()) {
            List<String> lines = cluster.agentLogText(node.name()).lines().toList();
            int from = linesShown.getOrDefault(node.name(), 0);
            lines.subList(Math.min(from, lines.size()), lines.size()).stream()
                    .filter(line -> line.contains(" INFO ") || line.contains(" WARN ") || line.contains(" ERROR "))
                    .filter(line -> !line.contains("JGRP"))
                    .map(line -> line.length() > 11 ? line.substring(11) + "  [" + node.name() + "]" : line)
                    .forEach(merged::add);
            linesShown.put(node.name(), lines.size());
        }
        // Lines start with the time of day: sorting interleaves the two nodes' stories.
        merged.stream().sorted(Comparator.comparing((String line) -> line.substring(0, Math.min(12, line.length()))))
                .forEach(line -> say("  %s", line));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + " failed");
        }
    }

    private static void step(String text) {
        System.out.printf("%n\033[1m== %s\033[0m%n", text);
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
