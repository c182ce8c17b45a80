package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.membership.ClusterKey;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.Test;

/** Invariant 5: a node whose authkeys secret differs cannot join, cannot disturb the members, and is logged. */
class RogueNodeTest {

    private static final String G = "IPaddr::10.0.0.1";

    @Test
    void aNodeWithAnotherSecretStaysOutAndTheClusterCarriesOn() throws Exception {
        try (TestCluster cluster = new TestCluster(List.of("a", "b", "rogue"), List.of(new Topology.GroupSpec(G, "a")),
                AutoFailback.ON, TestCluster.FAST)) {
            cluster.add("a").start();
            cluster.add("b").start();
            cluster.awaitRunsOn(G, "a");
            long rejectedBefore = cluster.node("a").authentication.rejected();

            TestCluster.Node rogue = cluster.add("rogue", ClusterKey.derive("not-the-secret"));
            rogue.start();
            Thread.sleep(cluster.timing().deadtime().multipliedBy(3).toMillis());

            assertThat(cluster.node("a").membership.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(cluster.node("b").membership.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(rogue.membership.members()).containsExactly("rogue");
            assertThat(cluster.node("a").authentication.rejected()).as("rogue packets dropped by a")
                    .isGreaterThan(rejectedBefore);
            // The rogue, alone in its own view, runs its own copy after initdead, as a heartbeat node with a wrong
            // key does too; the members keep theirs where it was.
            assertThat(cluster.world.runners(G)).contains("a").doesNotContain("b");
            assertThat(cluster.world.violations()).isEmpty();
        }
    }
}
