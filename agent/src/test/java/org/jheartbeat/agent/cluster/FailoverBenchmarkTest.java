package org.jheartbeat.agent.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures, not assertions: how long from a node's power loss until the survivor has started its group, over
 * many runs and several keepalive/deadtime settings; and what an idle 5-node in-JVM cluster costs. Run with
 * {@code mvn -B -pl agent -am test -Djheartbeat.excludedGroups= -Dgroups=benchmark -Dtest=FailoverBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class FailoverBenchmarkTest {

    private static final String G = "IPaddr::10.0.0.1";
    private static final int RUNS = Integer.getInteger("jheartbeat.benchmark.runs", 10);

    @Test
    void failureToTakeoverStart() throws Exception {
        System.out.println("[benchmark] power loss of the owner -> survivor has started the group (in-JVM, ms)");
        System.out.println("[benchmark] keepalive  deadtime  runs     min  median     p99     max");
        for (Timing timing : List.of(timing(100, 500), timing(200, 1000), timing(500, 2000), timing(2000, 10000))) {
            List<Long> samples = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                samples.add(oneFailover(timing));
            }
            Collections.sort(samples);
            System.out.printf("[benchmark] %9d %9d %5d %7d %7d %7d %7d%n", timing.keepalive().toMillis(),
                    timing.deadtime().toMillis(), samples.size(), samples.get(0), samples.get(samples.size() / 2),
                    samples.get((int) Math.ceil(samples.size() * 0.99) - 1), samples.get(samples.size() - 1));
        }
    }

    private static long oneFailover(Timing timing) throws Exception {
        try (TestCluster cluster = new TestCluster(List.of("a", "b"), List.of(new Topology.GroupSpec(G, "a")),
                AutoFailback.ON, timing).startAll()) {
            cluster.awaitRunsOn(G, "a");
            Thread.sleep(timing.keepalive().multipliedBy(3).toMillis());
            long lost = System.nanoTime();
            cluster.powerOff("a");
            cluster.awaitRunsOn(G, "b");
            return (cluster.world.lastStart("b", G) - lost) / 1_000_000;
        }
    }

    @Test
    void idleFiveNodeClusterCost() throws Exception {
        List<String> nodes = List.of("n1", "n2", "n3", "n4", "n5");
        List<Topology.GroupSpec> groups = nodes.stream().map(node -> new Topology.GroupSpec("g-" + node, node)).toList();
        Timing timing = timing(200, 1000);
        try (TestCluster cluster = new TestCluster(nodes, groups, AutoFailback.ON, timing).startAll()) {
            for (Topology.GroupSpec group : groups) {
                cluster.awaitRunsOn(group.id(), group.preferredNode());
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            Duration window = Duration.ofSeconds(30);
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            Thread.sleep(window.toMillis());
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            System.gc();
            long heapUsed = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("[benchmark] idle 5-node cluster, keepalive 200ms: CPU %.1f%% of one core (all 5 "
                    + "agents), heap %.1f MiB after GC, threads %d%n", 100.0 * cpu / wall, heapUsed / 1048576.0,
                    Thread.activeCount());
        }
    }

    private static Timing timing(long keepaliveMillis, long deadtimeMillis) {
        return new Timing(Duration.ofMillis(keepaliveMillis), Duration.ofMillis(deadtimeMillis / 2),
                Duration.ofMillis(deadtimeMillis), Duration.ofMillis(deadtimeMillis));
    }
}
