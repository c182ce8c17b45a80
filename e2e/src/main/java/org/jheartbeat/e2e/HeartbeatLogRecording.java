package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * The steps whose log lines administrators know: start-up, a cut of one of two media and its return, hb_standby,
 * hb_takeover, the owner's power loss and the takeover, its return, and clean shutdowns, on the e2e cluster (alpha,
 * beta; eth0 and a crossover cable eth1; the group an address and an ext3 filesystem), with either agent. Each step
 * keeps the lines every node wrote to ha.cf's logfile during it.
 *
 * <p>{@code bash scripts/benchmark.sh record-logs} runs them on heartbeat 3.0.6 and prints the recording: "### STEP"
 * lines, each followed by the lines logged during it as "NODE| LINE"; {@link #parse} reads it back.
 */
public final class HeartbeatLogRecording {

    private static final Duration STEP_WAIT = Duration.ofSeconds(90);
    /** heartbeat logs a step's last lines up to a few seconds after its effect shows. */
    private static final Duration QUIET = Duration.ofSeconds(4);

    /** One step and the lines each node logged during it, by node. */
    public record Step(String name, Map<String, List<String>> lines) {
    }

    private final ClusterLab cluster;
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private String current;

    private HeartbeatLogRecording(ClusterLab cluster) {
        this.cluster = cluster;
        cluster.nodes().forEach(node -> seen.put(node.name(), 0));
    }

    /**
     * The cluster the steps run on: the seed's timing but for initdead, 30 s as heartbeat advises (10 s or more),
     * so that alpha waits for beta, which powers on once alpha's agent runs; a group heartbeat runs here (address
     * and ext3).
     */
    public static ClusterSetup setup(Agent agent) {
        ClusterSetup seed = ClusterSetup.seed();
        return new ClusterSetup(agent, seed.keepalive(), seed.deadtime(), seed.warntime(), "30", seed.autoFailback(),
                EnumSet.of(Service.FILESYSTEM));
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (ClusterLab cluster = ClusterLab.create(setup(Agent.HEARTBEAT), Path.of("."))) {
            cluster.addCrossoverCable();
            out.println("""
                    # Debian heartbeat 3.0.6's logfile lines, recorded by scripts/benchmark.sh record-logs (e2e's
                    # HeartbeatLogRecording) on the e2e cluster: alpha 10.79.0.1 and beta 10.79.0.2, ucast on eth0 and
                    # on a crossover cable eth1, keepalive 200ms, deadtime 1, warntime 500ms, initdead 30,
                    # auto_failback off; haresources:""");
            out.println("# " + cluster.haresources());
            out.println("# Each step's lines as \"NODE| LINE\", in the order each node wrote them.");
            for (Step step : run(cluster)) {
                out.println("### " + step.name());
                step.lines().forEach((node, lines) -> lines.forEach(line -> out.println(node + "| " + line)));
            }
        }
    }

    /** Runs the steps on a cluster built from {@link #setup} with its crossover cable, powered off. */
    public static List<Step> run(ClusterLab cluster) throws Exception {
        return new HeartbeatLogRecording(cluster).steps();
    }

    /** The steps of a recording {@link #main} printed. */
    public static List<Step> parse(String recording) {
        List<Step> steps = new ArrayList<>();
        for (String line : recording.split("\n")) {
            if (line.startsWith("### ")) {
                steps.add(new Step(line.substring(4), new LinkedHashMap<>()));
            } else if (!line.startsWith("#") && line.contains("| ")) {
                String node = line.substring(0, line.indexOf("| "));
                steps.get(steps.size() - 1).lines().computeIfAbsent(node, any -> new ArrayList<>())
                        .add(line.substring(node.length() + 2));
            }
        }
        return steps;
    }

    private List<Step> steps() throws Exception {
        step("start-up: alpha, then beta powered on");
        cluster.powerOn("alpha");
        if (cluster.setup().agent() == Agent.JHEARTBEAT) {
            // Its JVM takes seconds to start (heartbeat's daemon is up at once): beta follows once it runs.
            await("alpha's agent runs", () -> cluster.awaitAgentStarted("alpha", STEP_WAIT));
        }
        cluster.powerOn("beta");
        await("alpha serves, both settled", () -> holds("alpha") && says("beta", "nodestatus alpha", "active")
                && !says("alpha", "rscstatus", "transition") && !says("beta", "rscstatus", "transition"));
        step("crossover cable cut at beta (eth1 down; eth0 still carries heartbeats)");
        cluster.cutCable("beta");
        await("alpha sees eth1 dead", () -> says("alpha", "hblinkstatus beta " + ClusterLab.CABLE, "dead"));
        step("crossover cable restored");
        cluster.restoreCable("beta");
        await("alpha sees eth1 up", () -> says("alpha", "hblinkstatus beta " + ClusterLab.CABLE, "up"));
        step("hb_standby on alpha");
        cluster.heartbeatCommand("alpha", "hb_standby");
        await("beta serves", () -> holds("beta") && says("beta", "rscstatus", "all"));
        step("hb_takeover on alpha");
        cluster.heartbeatCommand("alpha", "hb_takeover");
        await("alpha serves", () -> holds("alpha") && says("alpha", "rscstatus", "all"));
        step("alpha, the owner, loses power; beta takes over");
        cluster.powerOff("alpha", "recording");
        await("beta serves", () -> holds("beta"));
        step("alpha powered on again (auto_failback off: beta keeps the group)");
        cluster.powerOn("alpha");
        await("alpha sees beta", () -> says("alpha", "nodestatus beta", "active")
                && says("alpha", "rscstatus", "none"));
        step("clean shutdown of beta, the owner (its service stopped); alpha takes over");
        cluster.stopAgent("beta");
        await("alpha serves", () -> holds("alpha"));
        step("clean shutdown of alpha, the last node");
        cluster.stopAgent("alpha");
        await("alpha's agent ends", () -> !says("alpha", "hbstatus", "Heartbeat is running on this machine."));
        step(null);
        return steps;
    }

    /** Keeps what the previous step logged, then begins the next one ({@code null}: none). */
    private void step(String next) throws InterruptedException {
        if (current != null) {
            awaitQuiet(cluster);
            Map<String, List<String>> lines = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> node : seen.entrySet()) {
                List<String> all = logfile(node.getKey()).lines().toList();
                lines.put(node.getKey(), List.copyOf(all.subList(node.getValue(), all.size())));
                node.setValue(all.size());
            }
            steps.add(new Step(current, lines));
        }
        current = next;
    }

    /** Waits until no node's logfile has grown for {@link #QUIET} (bounded by {@link #STEP_WAIT}). */
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
        cluster.nodes().forEach(node -> all.append(logfile(cluster, node.name())));
        return all.toString();
    }

    private String logfile(String node) {
        return logfile(cluster, node);
    }

    /** ha.cf's logfile, which both agents write (ClusterFiles). */
    private static String logfile(ClusterLab cluster, String node) {
        Path file = cluster.node(node).directory().resolve("ha-log");
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean holds(String node) {
        return cluster.vipHolders().equals(List.of(node));
    }

    /** What the node's cl_status answers (a powered-off node answers nothing). */
    private boolean says(String node, String query, String answer) {
        return cluster.node(node).isUp() && cluster.heartbeatCommand(node, "cl_status", query.split(" ")).stdout()
                .strip().equals(answer);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void await(String what, Condition condition) throws Exception {
        Supplier<Boolean> probe = () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        if (!Await.condition(STEP_WAIT, probe)) {
            throw new IllegalStateException(cluster.setup().agent() + ": never " + what + ":\n" + cluster.describe());
        }
    }
}
