package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.jheartbeat.harness.InJvmCluster;
import org.jheartbeat.harness.InJvmNode;
import org.junit.jupiter.api.Test;

/** Invariant 5: a node whose authkeys secret differs cannot join, cannot disturb the members, and is logged. */
class RogueNodeTest {

    private static final String G = "g";

    @Test
    void aNodeWithAnotherSecretStaysOutAndTheClusterCarriesOn() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.builder().nodes("a", "b", "rogue").group(G, "a")
                .secret("rogue", "not-the-secret").build()) {
            cluster.start("a");
            cluster.start("b");
            cluster.awaitOwner(G, "a");
            long rejectedBefore = cluster.node("a").rejectedPackets();

            InJvmNode rogue = cluster.start("rogue");
            // The rogue, alone in its own view, runs its own copy after initdead, as a heartbeat node with a
            // wrong key does too; by then its heartbeats have been reaching the members all along.
            cluster.await(() -> cluster.world().runners(G).contains("rogue"), "the rogue runs its own copy");
            cluster.await(() -> cluster.node("a").rejectedPackets() > rejectedBefore, "a drops the rogue's packets");

            assertThat(cluster.node("a").membership().members()).containsExactlyInAnyOrder("a", "b");
            assertThat(cluster.node("b").membership().members()).containsExactlyInAnyOrder("a", "b");
            assertThat(rogue.membership().members()).containsExactly("rogue");
            assertThat(cluster.world().runners(G)).contains("a").doesNotContain("b");
        }
    }
}
