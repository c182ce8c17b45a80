package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's wall clock stepped by minutes, forward or back (NTP stepping it, {@code date -s}, a VM's clock set on
 * resume) while no time passes: the agents measure every wait on the monotonic clock, so nothing happens. Each step
 * goes through the harness's clock seam; the host's clock is never touched.
 */
class ClockStepTest {

    private static final String G = "g";
    private InJvmCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStepOfMinutesEitherWayOnEitherNodeStopsNothingAndDropsNoPeer() throws Exception {
        cluster = InJvmCluster.builder().nodes("a", "b").group(G, "a").autoFailback(AutoFailback.OFF).startAll();
        cluster.awaitOwner(G, "a");
        cluster.awaitSettled();
        long started = cluster.world().lastStart("a", G);
        GroupSnapshot before = groupOn("a");

        cluster.stepClock("a", Duration.ofMinutes(10));
        cluster.stepClock("b", Duration.ofMinutes(-10));
        passEventsAndTicks();
        cluster.stepClock("a", Duration.ofMinutes(-20));
        cluster.stepClock("b", Duration.ofMinutes(20));
        passEventsAndTicks();
        cluster.awaitSettled();

        assertThat(cluster.world().runners(G)).as("the group runs on a alone").containsExactly("a");
        assertThat(cluster.world().lastStart("a", G)).as("never restarted on a").isEqualTo(started);
        assertThat(cluster.world().lastStart("b", G)).as("never started on b").isEqualTo(-1);
        assertThat(groupOn("a").since()).as("a's group has not changed state since before the steps")
                .isEqualTo(before.since());
        assertThat(cluster.connected("a", "b")).as("each still has the other in its view").isTrue();
        assertThat(cluster.node("a").fencings()).isEmpty();
        assertThat(cluster.node("b").fencings()).isEmpty();
        assertThat(cluster.node("a").rejectedPackets() + cluster.node("b").rejectedPackets())
                .as("no packet taken for a replay").isZero();
    }

    @Test
    void aStepBackWhileANodeWaitsInitdeadForItsPeersLengthensNoWait() throws Exception {
        cluster = InJvmCluster.builder().nodes("a", "b").group(G, "a").build();
        cluster.start("a");
        cluster.stepClock("a", Duration.ofMinutes(-10));
        cluster.awaitOwner(G, "a");
    }

    /**
     * A freeze shows at the first event on a node's loop, or at its next tick: both nodes get an event, then
     * deadtime passes (ticks included) and they get another.
     */
    private void passEventsAndTicks() throws Exception {
        for (String node : Set.of("a", "b")) {
            cluster.node(node).cluster().view().get(5, TimeUnit.SECONDS);
        }
        long until = System.nanoTime() + cluster.timing().deadtime().toNanos();
        cluster.await(() -> System.nanoTime() > until, "deadtime passes");
        for (String node : Set.of("a", "b")) {
            cluster.node(node).cluster().view().get(5, TimeUnit.SECONDS);
        }
    }

    private GroupSnapshot groupOn(String node) {
        return cluster.node(node).agent().groups().group(InJvmCluster.groupId(G)).orElseThrow().snapshot();
    }
}
