package org.jheartbeat.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.harness.ClusterSpec;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures, not assertions: how long from a node's power loss until the survivor has started its group, over
 * many runs and several keepalive/deadtime settings; and what an idle 5-node in-JVM cluster costs. Run with
 * {@code bash scripts/benchmark.sh junit}.
 */
@Tag("benchmark")
class FailoverBenchmarkTest {

    private static final String G = "g";
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
        try (InJvmCluster cluster = InJvmCluster.builder().nodes("a", "b").group(G, "a").timing(timing).startAll()) {
            cluster.awaitOwner(G, "a");
            cluster.awaitSettled();
            long lost = System.nanoTime();
            cluster.powerOff("a");
            cluster.awaitOwner(G, "b");
            return (cluster.world().lastStart("b", G) - lost) / 1_000_000;
        }
    }

    @Test
    void idleFiveNodeClusterCost() throws Exception {
        ClusterSpec builder = InJvmCluster.builder().timing(timing(200, 1000));
        for (int i = 1; i <= 5; i++) {
            builder.node("n" + i).group("g" + i, "n" + i);
        }
        try (InJvmCluster cluster = builder.startAll()) {
            cluster.awaitSettled();
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
