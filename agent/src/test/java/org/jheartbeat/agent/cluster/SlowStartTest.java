package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.agent.membership.ClusterTransport;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.Test;

/**
 * A start-up longer than deadtime (DRBD's startup check may wait degr-wfc-timeout, 120 s in the seed) is no
 * freeze: found by the real-kernel tier, where the node declared itself frozen, rejoined, and never merged.
 */
class SlowStartTest {

    private static final Timing TIMING = new Timing(Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofMillis(500));

    @Test
    void aStartUpLongerThanDeadtimeIsNotTakenForAFreeze() throws Exception {
        AtomicInteger rejoins = new AtomicInteger();
        ClusterTransport transport = new ClusterTransport() {
            @Override
            public void broadcast(byte[] payload) {
            }

            @Override
            public void rejoin() {
                rejoins.incrementAndGet();
            }
        };
        GroupControl groups = new GroupControl() {
            @Override
            public CompletableFuture<Boolean> start(String group, String reason) {
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public CompletableFuture<Void> stop(String group, String reason) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void announce(String group, String reason) {
            }
        };
        try (ClusterNode node = new ClusterNode("a", new Topology(List.of("a", "b"),
                List.of(new Topology.GroupSpec("g", "a")), AutoFailback.ON), TIMING, Clock.systemUTC())) {
            node.declareAtStart(Set.of(), Set.of());
            Thread.sleep(TIMING.deadtime().multipliedBy(3).toMillis());

            List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();
            node.start(groups, transport, () -> prepared.add(Thread.currentThread().getName()));
            node.membersChanged(Set.of("a"));
            Thread.sleep(TIMING.deadtime().multipliedBy(2).toMillis());

            assertThat(rejoins).as("rejoins after a slow start").hasValue(0);
            assertThat(prepared).as("the freeze check's thread is prepared as the heartbeat threads are")
                    .containsExactly("ticker-a");
            assertThat(node.view().get().states().get("a").holds("g")).as("a took its group after initdead").isTrue();
        }
    }
}
