package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.jheartbeat.e2e.ClusterSetup.Agent;

/**
 * {@code scripts/benchmark.sh scale}: jheartbeat alone on many simulated nodes (16 by default), each the preferred
 * node of one address-only group (IPaddr on the bridge), keepalive 200ms / deadtime 2 s, auto_failback on so every
 * group settles on its own node. Once settled, the cluster is left alone for MINUTES (default 10) while a
 * {@link QuietWindow} samples every address's holders and the agents' logs and counters are compared before and
 * after: the target is no false failover. Prints each agent's CPU and memory over the window, the machine's CPU,
 * and finally powers one node off to show the cluster still fails over, timed from the client.
 * Arguments: JHEARTBEAT_HOME [MINUTES] [NODES] [GROUPS].
 */
public final class ScaleBenchmark {

    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);
    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(60);
    private static final String FAILED_NODE = "alpha";

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ScaleBenchmark JHEARTBEAT_HOME [MINUTES] [NODES] [GROUPS]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Duration window = Duration.ofSeconds(Math.round(60 * Double.parseDouble(args.length > 1 ? args[1] : "10")));
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : nodes;
        ClusterSetup setup = new ClusterSetup(Agent.JHEARTBEAT, "200ms", "2", "1", "10", true, Set.of(), nodes, groups);
        try (ClusterLab cluster = ClusterLab.create(setup, home)) {
            run(cluster, window);
        }
    }

    private static void run(ClusterLab cluster, Duration window) throws Exception {
        ClusterSetup setup = cluster.setup();
        System.out.printf("%d nodes, %d address-only groups (one preferred per node), keepalive %s, deadtime %s,"
                + " warntime %s, initdead %s, auto_failback on%n", setup.nodeCount(), setup.groupCount(),
                setup.keepalive(), setup.deadtime(), setup.warntime(), setup.initdead());
        long powerOn = System.nanoTime();
        Optional<Map<String, Long>> started = cluster.powerOnOneByOne(START_WAIT);
        if (started.isEmpty() || !Await.condition(START_WAIT, cluster::holdsEveryGroupOnItsPreferredNode)) {
            throw new IllegalStateException("the cluster did not settle:\n" + cluster.describe());
        }
        System.out.printf("all %d agents started one after another in %d ms; every group on its node %d ms after the"
                + " first power-on%n", setup.nodeCount(), started.get().get(setup.nodeNames().get(setup.nodeCount() - 1)),
                Await.millisSince(powerOn));

        ClusterCounters countersBefore = ClusterCounters.read(cluster);
        Map<String, AgentFootprint.Reading> before = readAll(cluster);
        MachineCpu machineBefore = MachineCpu.read();
        QuietWindow.Report quiet;
        try (QuietWindow watch = QuietWindow.open(cluster, SAMPLE_EVERY)) {
            long end = System.nanoTime() + window.toNanos();
            for (long left = window.toMillis(); left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                Thread.sleep(Math.min(left, 60_000));
                System.out.printf("  %d s into the quiet window%n", (window.toNanos() - (end - System.nanoTime())) / 1_000_000_000);
            }
            quiet = watch.report();
        }
        double machine = MachineCpu.read().percentSince(machineBefore);
        Map<String, AgentFootprint.Reading> after = readAll(cluster);
        ClusterCounters counted = ClusterCounters.read(cluster).minus(countersBefore);
        List<AgentFootprint> footprints = new ArrayList<>();
        before.forEach((node, start) -> footprints.add(AgentFootprint.between(start, after.get(node))));

        System.out.printf("%n### Quiet window: %d min, %d nodes × %d groups%n%n", window.toMinutes(), setup.nodeCount(),
                setup.groupCount());
        System.out.println("| address samples (every " + SAMPLE_EVERY.toSeconds() + " s, all addresses) | addresses that"
                + " left their holder | samples off (duplicate / missing / moved) | agents' counters (sum over nodes) |"
                + " log lines: signs of a false failure | verdict |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf("| %d | %d | %s | %s | %s | %s |%n", quiet.samples(), quiet.episodeCount(),
                quiet.deviations().isEmpty() ? "0" : quiet.deviations(), counted.summary(), quiet.signSummary(),
                quiet.isQuiet() && counted.total() == 0 ? "**0 false failovers**" : "**FALSE FAILOVERS**");
        quiet.firstLines().forEach(line -> System.out.println("    " + line));

        System.out.printf("%n| per agent, over the window (%d nodes) | min | median | max |%n|---|---|---|---|%n",
                footprints.size());
        row("CPU (% of one core)", footprints, footprint -> Math.round(footprint.cpuPercent() * 100), 100.0);
        row("RSS (MiB)", footprints, AgentFootprint::rssKiB, 1024.0);
        row("anonymous RSS (MiB)", footprints, AgentFootprint::anonymousKiB, 1024.0);
        System.out.printf("%nmachine: %.1f %% of all %d cores busy over the window (agents: %.1f %% of one core"
                + " together; the rest is the harness's sampling and anything else running)%n", machine,
                Runtime.getRuntime().availableProcessors(),
                footprints.stream().mapToDouble(AgentFootprint::cpuPercent).sum());

        inducedFailure(cluster);
    }

    /** Powers the first node (holder of the first group, and the cluster's coordinator) off and times its group. */
    private static void inducedFailure(ClusterLab cluster) throws Exception {
        ClusterSetup setup = cluster.setup();
        String vip = setup.vip(0);
        FailoverProbe failover = FailoverProbe.powerOff(cluster, FAILED_NODE, vip, FAILOVER_WAIT);
        Map<String, List<String>> holders = cluster.addressHolders();
        Map<String, List<String>> others = new LinkedHashMap<>(holders);
        others.remove(vip);
        boolean othersStayed = true;
        for (int group = 1; group < setup.groupCount(); group++) {
            othersStayed &= others.get(setup.vip(group)).equals(List.of(setup.preferredNode(group)));
        }
        System.out.printf("%ninduced failure: %s (coordinator, holder of %s) powered off -> %s on %s;"
                        + " first ping reply from it %s after the power loss; the other groups %s%n", FAILED_NODE, vip, vip,
                failover.newHolder().orElse("nobody"),
                failover.answersMillis().map(ms -> ms + " ms").orElse("never (within " + FAILOVER_WAIT.toSeconds() + " s)"),
                othersStayed ? "stayed where they were" : "moved: " + others);
    }

    private static Map<String, AgentFootprint.Reading> readAll(ClusterLab cluster) throws Exception {
        Map<String, AgentFootprint.Reading> readings = new LinkedHashMap<>();
        for (SimulatedNode node : cluster.nodes()) {
            readings.put(node.name(), AgentFootprint.read(node));
        }
        return readings;
    }

    private static void row(String label, List<AgentFootprint> footprints, ToLongFunction<AgentFootprint> value,
                            double divisor) {
        List<Long> sorted = footprints.stream().mapToLong(value).sorted().boxed().toList();
        int size = sorted.size();
        double median = (sorted.get((size - 1) / 2) + sorted.get(size / 2)) / 2.0;
        System.out.printf("| %s | %.1f | %.1f | %.1f |%n", label, sorted.get(0) / divisor, median / divisor,
                sorted.get(sorted.size() - 1) / divisor);
    }
}
