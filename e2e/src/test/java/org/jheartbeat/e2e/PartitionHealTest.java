package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partition of the two nodes heals while both hold the address, and a quiet client's neighbour entry points at the
 * node that took it over during the partition ({@link HealRecording}). heartbeat 3.0.6 (recorded:
 * heartbeat-3.0.6/heal/partition-heal.txt) restarts itself on both nodes, leaves the address nowhere for about 16 s,
 * then starts it on alpha, which announces it, so the client's entry ends on the node that holds it. jheartbeat keeps
 * one copy and stops the other; the keeper must announce the address once the other copy is gone, or the client goes
 * on sending to the node that gave it up until its entry fails.
 */
class PartitionHealTest {

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the scenario builds namespaces: root only");
    }

    @Test
    void afterTheHealTheClientsNeighbourEntryEndsOnTheNodeThatKeepsTheAddressAsWithHeartbeat() throws Exception {
        HealRecording.Heal heartbeat = HealRecording.Heal.parse(recording());
        assertThat(heartbeat.clientFollowsTheKeeper()).as("heartbeat 3.0.6's recording: the client on its keeper")
                .isTrue();

        HealRecording.Heal heal;
        try (ClusterLab cluster = ClusterLab.create(HealRecording.setup(Agent.JHEARTBEAT),
                Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat")))) {
            heal = HealRecording.run(cluster);
            String timeline = String.join("\n", heal.timeline());
            assertThat(heal.keeper()).as("one holder at the end:\n%s\n%s", timeline, cluster.describe())
                    .isIn("alpha", "beta");
            assertThat(heal.clientFollowsTheKeeper()).as("the client's entry on the keeper, %s, at the end:\n%s\n%s",
                    heal.keeper(), timeline, cluster.describe()).isTrue();
            long alone = heal.keeperAloneAt().orElseThrow();
            assertThat(heal.keeperAnnouncements()).as("the keeper announced the address once alone:\n%s", timeline)
                    .anyMatch(at -> at >= alone);
        }
        System.out.printf("[e2e] partition healed with the address on both: heartbeat 3.0.6 keeps it on %s, alone "
                        + "%d ms after the heal (nowhere before), the client follows at %d ms; jheartbeat keeps it on %s, "
                        + "alone at %d ms, the client follows at %d ms%n", heartbeat.keeper(),
                heartbeat.keeperAloneAt().orElse(-1L), heartbeat.clientOnTheKeeperAt().orElse(-1L), heal.keeper(),
                heal.keeperAloneAt().orElse(-1L), heal.clientOnTheKeeperAt().orElse(-1L));
    }

    private static String recording() throws IOException {
        try (InputStream in = PartitionHealTest.class.getResourceAsStream("/heartbeat-3.0.6/heal/partition-heal.txt")) {
            assertThat(in).as("heartbeat 3.0.6's recording").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
