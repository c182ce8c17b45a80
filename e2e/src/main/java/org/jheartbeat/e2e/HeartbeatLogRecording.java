package org.jheartbeat.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * {@code scripts/benchmark.sh record-logs}: the lines Debian's heartbeat 3.0.6 writes to its logfile on the e2e
 * cluster (alpha, beta; eth0 and a crossover cable eth1; the group an address and an ext3 filesystem) through start-up,
 * a cut of one of the two media, hb_standby, hb_takeover, the owner's power loss and the takeover, the node's return,
 * and clean shutdowns. Prints "### STEP" lines, each followed by the lines every node logged during it,
 * as "NODE| LINE".
 */
public final class HeartbeatLogRecording {

    private static final Duration STEP_WAIT = Duration.ofSeconds(90);
    /** heartbeat logs a step's last lines up to a few seconds after its effect shows (initial acquisition: ~10 s). */
    private static final Duration QUIET = Duration.ofSeconds(4);

    private final ClusterLab cluster;
    private final PrintStream out;
    private final Map<String, Integer> seen = new LinkedHashMap<>();

    private HeartbeatLogRecording(ClusterLab cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
        cluster.nodes().forEach(node -> seen.put(node.name(), 0));
    }

    /** The recording's cluster: the harness's ha.cf and a group heartbeat runs here (address and ext3). */
    static ClusterSetup setup(Agent agent) {
        return ClusterSetup.seed().with(agent, EnumSet.of(Service.FILESYSTEM));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (ClusterLab cluster = ClusterLab.create(setup(Agent.HEARTBEAT), Path.of("."))) {
            cluster.addCrossoverCable();
            out.println("""
                    # Debian heartbeat 3.0.6's logfile lines, recorded by scripts/benchmark.sh record-logs (e2e's
                    # HeartbeatLogRecording) on the e2e cluster: alpha 10.79.0.1 and beta 10.79.0.2, ucast on eth0 and
                    # on a crossover cable eth1, keepalive 200ms, deadtime 1, warntime 500ms, initdead 2,
                    # auto_failback off; haresources:""");
            out.println("# " + cluster.haresources());
            out.println("# Each step's lines as \"NODE| LINE\", in the order each node wrote them.");
            new HeartbeatLogRecording(cluster, out).run();
        }
    }

    private void run() throws Exception {
        step("start-up: alpha, then beta powered on");
        cluster.powerOn("alpha");
        cluster.powerOn("beta");
        await("alpha serves", () -> holds("alpha") && logged("alpha", "Initial resource acquisition complete")
                && logged("beta", "Initial resource acquisition complete"));
        step("crossover cable cut at beta (eth1 down; eth0 still carries heartbeats)");
        cluster.cutCable("beta");
        await("alpha sees eth1 dead", () -> logged("alpha", "Link beta:eth1 dead"));
        step("crossover cable restored");
        cluster.restoreCable("beta");
        await("alpha sees eth1 up", () -> logged("alpha", "Link beta:eth1 up"));
        step("hb_standby on alpha");
        cluster.heartbeatCommand("alpha", "hb_standby");
        await("beta serves", () -> holds("beta"));
        step("hb_takeover on alpha");
        cluster.heartbeatCommand("alpha", "hb_takeover");
        await("alpha serves", () -> holds("alpha"));
        step("alpha, the owner, loses power; beta takes over");
        cluster.powerOff("alpha", "recording");
        await("beta serves", () -> holds("beta"));
        step("alpha powered on again (auto_failback off: beta keeps the group)");
        cluster.powerOn("alpha");
        await("alpha sees beta", () -> cluster.node("alpha").run(HeartbeatCommandsRecording.CL_STATUS, "rscstatus")
                .stdout().strip().equals("none"));
        step("clean shutdown of beta, the owner (heartbeat -k); alpha takes over");
        cluster.stopAgent("beta");
        await("alpha serves", () -> holds("alpha"));
        step("clean shutdown of alpha, the last node");
        cluster.stopAgent("alpha");
        flush();
    }

    /** Prints what the previous step logged, then names the next one. */
    private void step(String name) throws InterruptedException {
        flush();
        out.println("### " + name);
    }

    private void flush() throws InterruptedException {
        awaitQuiet(cluster);
        for (Map.Entry<String, Integer> node : seen.entrySet()) {
            List<String> lines = cluster.agentLogText(node.getKey()).lines().toList();
            lines.subList(node.getValue(), lines.size()).forEach(line -> out.println(node.getKey() + "| " + line));
            node.setValue(lines.size());
        }
    }

    /** Waits until no node's log has grown for {@link #QUIET} (bounded by {@link #STEP_WAIT}). */
    static void awaitQuiet(ClusterLab cluster) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_WAIT.toNanos();
        String before = allLogs(cluster);
        while (System.nanoTime() < deadline) {
            Thread.sleep(QUIET.toMillis());
            String now = allLogs(cluster);
            if (now.equals(before)) {
                return;
            }
            before = now;
        }
    }

    private static String allLogs(ClusterLab cluster) {
        StringBuilder all = new StringBuilder();
        cluster.nodes().forEach(node -> all.append(cluster.agentLogText(node.name())));
        return all.toString();
    }

    private boolean holds(String node) {
        return cluster.vipHolders().equals(List.of(node));
    }

    private boolean logged(String node, String text) {
        return cluster.agentLogText(node).contains(text);
    }

    private void await(String what, java.util.function.Supplier<Boolean> condition) throws InterruptedException {
        if (!Await.condition(STEP_WAIT, condition)) {
            throw new IllegalStateException("heartbeat: never " + what + ":\n" + cluster.describe());
        }
    }
}
