package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jheartbeat.e2e.HealRecording.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Media;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.netns.PingWatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/migration.md's switch, one node at a time, on the harness's pair with a client pinging the address every
 * 50 ms throughout: both nodes run heartbeat 3.0.6 (alpha, MASTER, serves; beta, SLAVE, stands by; {@code bcast
 * eth0} as the seed's, {@code auto_failback off}); beta's heartbeat stops and jheartbeat starts there with the same
 * /etc/ha.d (the package's install, step 2); {@code hb_standby} on alpha hands the group to beta by heartbeat's
 * handover (step 3); alpha's heartbeat stops, holding nothing, and jheartbeat starts there (step 4). The client sees
 * one gap, at the handover; the pair ends as a jheartbeat cluster, both nodes online, the group on beta. The group is
 * the seed's address only: heartbeat 3.0.6 cannot run the seed's DRBD here (this kernel has no DRBD module; the
 * harness's stand-in serves jheartbeat's built-in drbddisk only), and the harness runs Ganesha under each agent with
 * a different haresources line. Root only, heartbeat installed.
 */
class RollingMigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    /** A silence this long between two replies is a gap the client sees (a lost ping or two is not). */
    private static final long GAP_MICROS = 400_000;

    @BeforeAll
    static void needsRootAndHeartbeat() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the cluster scenarios build namespaces: root only");
        assumeTrue(Files.isExecutable(Path.of(ClusterLab.HEARTBEAT_DAEMON)),
                "heartbeat 3.0.6 is not installed (apt-get install heartbeat; scripts/test.sh does)");
    }

    @Test
    void theGuidesStepsMoveAPairFromHeartbeatToJheartbeatWithOneGapTheClientSees() throws Exception {
        ClusterSetup setup = ClusterSetup.seed().with(Agent.JHEARTBEAT, EnumSet.noneOf(Service.class))
                .with(Media.BCAST);
        try (ClusterLab cluster = ClusterLab.create(setup, Path.of(System.getProperty("jheartbeat.home",
                "../packaging/target/jheartbeat")))) {
            cluster.runHeartbeatOn("alpha");
            cluster.runHeartbeatOn("beta");
            cluster.powerOn("alpha");
            await(cluster, "alpha serves", () -> cluster.vipHolders().equals(List.of("alpha")));
            cluster.powerOn("beta");
            await(cluster, "alpha's heartbeat counts beta's active", () -> nodeStatus(cluster, "beta", "active"));
            try (PingWatch pings = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                await(cluster, "the client's pings answered", () -> pings.answered() > 5);

                cluster.stopAgent("beta");
                cluster.runJheartbeatOn("beta");
                cluster.startAgent("beta");
                assertThat(cluster.awaitAgentStarted("beta", WAIT)).as(cluster::describe).isTrue();
                await(cluster, "alpha's heartbeat counts jheartbeat on beta active",
                        () -> nodeStatus(cluster, "beta", "active"));
                assertThat(cluster.vipHolders()).as("step 2 moves nothing").containsExactly("alpha");

                long standbyAt = System.currentTimeMillis();
                CommandResult standby = cluster.heartbeatCommand("alpha", "hb_standby");
                assertThat(standby.succeeded()).as(standby.describe()).isTrue();
                await(cluster, "beta serves", () -> cluster.vipHolders().equals(List.of("beta")));
                await(cluster, "heartbeat on alpha done with its standby", () -> cluster.agentLogText("alpha")
                        .contains("Other node completed standby takeover"));

                cluster.stopAgent("alpha");
                cluster.runJheartbeatOn("alpha");
                cluster.startAgent("alpha");
                assertThat(cluster.awaitAgentStarted("alpha", WAIT)).as(cluster::describe).isTrue();
                await(cluster, "both jheartbeat nodes online", () -> bothOnline(cluster));
                Thread.sleep(setup.deadtimeTime().multipliedBy(3).toMillis());
                assertThat(cluster.vipHolders()).as("auto_failback off: the group stays on beta")
                        .containsExactly("beta");

                List<long[]> gaps = gaps(pings.replyEpochMicros());
                System.out.printf("[e2e] rolling migration, heartbeat 3.0.6 to jheartbeat: the client's gaps (start ms "
                        + "after hb_standby on alpha, length ms): %s%n", gaps.stream()
                        .map(gap -> "[" + (gap[0] / 1000 - standbyAt) + ", " + (gap[1] - gap[0]) / 1000 + "]")
                        .toList());
                assertThat(gaps).as("the client's gaps").hasSize(1);
                assertThat(gaps.get(0)[1] / 1000).as("the gap ends after hb_standby").isGreaterThan(standbyAt);
            }
        }
    }

    /** Each silence longer than {@link #GAP_MICROS} between two replies: {from, to} in epoch microseconds. */
    private static List<long[]> gaps(List<Long> replies) {
        List<long[]> gaps = new ArrayList<>();
        for (int index = 1; index < replies.size(); index++) {
            if (replies.get(index) - replies.get(index - 1) > GAP_MICROS) {
                gaps.add(new long[] {replies.get(index - 1), replies.get(index)});
            }
        }
        return gaps;
    }

    private static boolean nodeStatus(ClusterLab cluster, String node, String status) {
        return cluster.heartbeatCommand("alpha", "cl_status", "nodestatus", node).stdout().strip().equals(status);
    }

    private static boolean bothOnline(ClusterLab cluster) {
        CommandResult status = cluster.hbctl("beta", "status");
        return status.succeeded() && status.stdout().lines().anyMatch(line -> line.contains("Online:")
                && line.contains("alpha") && line.contains("beta"));
    }
}
