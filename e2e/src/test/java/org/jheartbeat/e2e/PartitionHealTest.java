package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.HealRecording.Heal;
import org.jheartbeat.e2e.HealRecording.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partition of the two nodes heals, and a quiet client's neighbour entry points at beta, which took the address over
 * during the partition ({@link HealRecording}); heartbeat 3.0.6's recordings are under heartbeat-3.0.6/heal. The keeper
 * must announce the address, or the client goes on sending to the node that gave it up until its entry fails.
 */
class PartitionHealTest {

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the scenario builds namespaces: root only");
    }

    /**
     * heartbeat 3.0.6 restarts itself on both nodes, leaves the address nowhere for about 16 s, then starts it on
     * alpha, which announces it. jheartbeat keeps one copy and stops the other, and the keeper announces the address
     * once the other copy is gone.
     */
    @Test
    void withTheAddressOnBothTheClientsEntryEndsOnTheNodeThatKeepsItAsWithHeartbeat() throws Exception {
        Heal heartbeat = Heal.parse(recording(Scenario.BOTH_HOLD));
        assertThat(heartbeat.clientFollowsTheKeeper()).as("heartbeat 3.0.6's recording: the client on its keeper")
                .isTrue();
        Heal heal = runOnJheartbeat(Scenario.BOTH_HOLD);
        System.out.printf("[e2e] partition healed with the address on both: heartbeat 3.0.6 keeps it on %s, alone "
                        + "%d ms after the heal (nowhere before), the client follows at %d ms; jheartbeat keeps it on %s, "
                        + "alone at %d ms, the client follows at %d ms%n", heartbeat.keeper(),
                heartbeat.keeperAloneAt().orElse(-1L), heartbeat.clientOnTheKeeperAt().orElse(-1L), heal.keeper(),
                heal.keeperAloneAt().orElse(-1L), heal.clientOnTheKeeperAt().orElse(-1L));
    }

    /**
     * beta, which took the address over and announced it, is stopped during the partition and comes back after the
     * heal: alpha never sees beta's copy, yet the client still follows beta's announcement. alpha announces the address
     * once beta, back, has reported that it runs nothing (on the old code it announced nothing, and the client's
     * entry stayed on beta's MAC).
     */
    @Test
    void whenTheOtherCopyWasGoneBeforeTheHealTheKeeperStillAnnouncesTheAddress() throws Exception {
        Heal heartbeat = Heal.parse(recording(Scenario.OTHER_STOPPED));
        Heal heal = runOnJheartbeat(Scenario.OTHER_STOPPED);
        assertThat(heal.keeper()).isEqualTo("alpha");
        System.out.printf("[e2e] partition healed after beta's copy was stopped: heartbeat 3.0.6 ends with the client on "
                        + "%s (the address on %s); jheartbeat's client follows alpha at %d ms%n",
                heartbeat.clientEntry().orElse("none"), heartbeat.keeper(), heal.clientOnTheKeeperAt().orElse(-1L));
    }

    /** Runs the scenario on jheartbeat: one holder at the end, the client on it, announced by it once alone. */
    private static Heal runOnJheartbeat(Scenario scenario) throws Exception {
        try (ClusterLab cluster = ClusterLab.create(HealRecording.setup(Agent.JHEARTBEAT),
                Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat")))) {
            Heal heal = HealRecording.run(cluster, scenario);
            String timeline = String.join("\n", heal.timeline());
            assertThat(heal.keeper()).as("one holder at the end:\n%s\n%s", timeline, cluster.describe())
                    .isIn("alpha", "beta");
            assertThat(heal.clientFollowsTheKeeper()).as("the client's entry on the keeper, %s, at the end:\n%s\n%s",
                    heal.keeper(), timeline, cluster.describe()).isTrue();
            long alone = heal.keeperAloneAt().orElse(0L);
            assertThat(heal.keeperAnnouncements()).as("the keeper announced the address once alone:\n%s", timeline)
                    .anyMatch(at -> at >= alone);
            return heal;
        }
    }

    /** heartbeat 3.0.6's recording of the scenario, as {@code scripts/benchmark.sh record-heal} printed it. */
    static String recording(Scenario scenario) throws IOException {
        try (InputStream in = PartitionHealTest.class.getResourceAsStream(scenario.recording())) {
            assertThat(in).as("heartbeat 3.0.6's recording %s", scenario.recording()).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
