package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.A;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.B;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints figures measured against the DRBD 8.4 stand-in (real processes, simulated kernel); asserts only that
 * each operation did its job. A benchmark: {@code bash scripts/benchmark.sh junit}.
 */
@Tag("benchmark")
class DrbdDiskFiguresTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int RUNS = 5;

    @TempDir
    Path dir;

    private Resource master(DrbdStandIn standIn, Path runDir, String retryInterval, String pollInterval)
            throws Exception {
        Path conf = Files.writeString(runDir.resolve("drbd.conf"),
                "resource r0 { on MASTER { device /dev/drbd0; } on SLAVE { device /dev/drbd0; } }\n");
        Config settings = ConfigFactory.parseMap(Map.of(
                        "drbd.drbdadm", standIn.drbdadm(A).toString(),
                        "drbd.proc-drbd", standIn.procDrbd(A).toString(),
                        "drbd.config", conf.toString(),
                        "drbd.retry-interval", retryInterval,
                        "drbd.poll-interval", pollInterval))
                .withFallback(ConfigFactory.defaultReference().getConfig("jheartbeat.resources"));
        return new DrbdDiskType().create(ResourceSpec.parse("drbddisk::r0"),
                new ResourceContext("MASTER", new ProcessCommandRunner(), new LinuxHost(), new FakeNetwork(),
                        new RecordingFencer(), settings));
    }

    @Test
    void printsTakeoverDelayAfterThePeerDemotesAndStatusLatency() throws Exception {
        double followed = medianTakeoverMillis("1s", "200ms");
        double fixedPause = medianTakeoverMillis("1s", "1s");
        System.out.printf(Locale.ROOT, "drbddisk figure: peer runs drbdadm secondary -> local Primary, median of %d: %.0f ms"
                + " (poll-interval 200ms, the default) vs %.0f ms (fixed 1 s pause as heartbeat's drbddisk)%n",
                RUNS, followed, fixedPause);

        DrbdStandIn standIn = DrbdStandIn.start(Files.createDirectories(dir.resolve("status")));
        Resource drbddisk = master(standIn, dir.resolve("status"), "1s", "200ms");
        List<Double> statusMicros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long started = System.nanoTime();
            OperationResult status = drbddisk.status(TIMEOUT);
            statusMicros.add((System.nanoTime() - started) / 1_000.0);
            assertThat(status.outcome()).isEqualTo(Outcome.NOT_RUNNING);
        }
        List<Double> cycleMillis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long started = System.nanoTime();
            assertThat(drbddisk.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(drbddisk.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            cycleMillis.add((System.nanoTime() - started) / 1_000_000.0);
        }
        System.out.printf(Locale.ROOT, "drbddisk figure: status (8.4 /proc/drbd + drbd.conf parse) median %.0f us"
                + " over 200; start+stop through the stand-in's drbdadm median %.1f ms over 10%n",
                median(statusMicros.subList(50, 200)), median(cycleMillis));
    }

    private double medianTakeoverMillis(String retryInterval, String pollInterval) throws Exception {
        List<Double> delays = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Path runDir = Files.createDirectories(dir.resolve(retryInterval + "-" + pollInterval + "-" + run));
            DrbdStandIn standIn = DrbdStandIn.start(runDir, "B_role=Primary");
            Resource drbddisk = master(standIn, runDir, retryInterval, pollInterval);
            AtomicLong demoted = new AtomicLong();
            ScheduledExecutorService peer = Executors.newSingleThreadScheduledExecutor();
            try {
                // Timed from the moment the peer's demotion begins, so the figure can never run ahead of it.
                peer.schedule(() -> {
                    demoted.set(System.nanoTime());
                    standIn.drbdadmOn(B, "secondary", "r0");
                }, 300 + 97L * run, TimeUnit.MILLISECONDS);
                assertThat(drbddisk.start(TIMEOUT)).isEqualTo(OperationResult.success());
                delays.add((System.nanoTime() - demoted.get()) / 1_000_000.0);
            } finally {
                peer.shutdownNow();
            }
        }
        return median(delays);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
