package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.Test;

/** Beyond heartbeat v1's two nodes: three and five agents, groups spread by their preferred nodes. */
class MultiNodeClusterTest {

    @Test
    void threeNodesEachRunTheirOwnGroupAndAbsorbADeadOnesGroup() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(3)) {
            cluster.awaitOwner("g1", "n1");
            cluster.awaitOwner("g2", "n2");
            cluster.awaitOwner("g3", "n3");

            cluster.powerOff("n2");

            assertThat(cluster.awaitOwner("g2")).as("g2 runs on one survivor").isIn("n1", "n3");
            assertThat(cluster.world().runners("g1")).containsExactly("n1");
            assertThat(cluster.world().runners("g3")).containsExactly("n3");
        }
    }

    @Test
    void aMinorityPartitionAndTheMajorityBothKeepServingThenMergeToOneCopy() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.builder().nodes("a", "b", "c").group("ga", "a").group("gb", "b")
                .startAll()) {
            cluster.awaitOwner("ga", "a");
            cluster.awaitOwner("gb", "b");

            cluster.partition("a");
            cluster.await(() -> cluster.world().runners("ga").size() == 2, "both sides of the partition run ga");
            cluster.heal();

            cluster.awaitOwner("ga", "a");
            cluster.awaitOwner("gb", "b");
        }
    }

    @Test
    void fiveNodesSurviveTwoLosses() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(5)) {
            List<String> groups = List.of("g1", "g2", "g3", "g4", "g5");
            for (int i = 0; i < groups.size(); i++) {
                cluster.awaitOwner(groups.get(i), "n" + (i + 1));
            }

            cluster.powerOff("n1");
            cluster.powerOff("n4");

            for (String group : groups) {
                assertThat(cluster.awaitOwner(group)).as(group + " runs on exactly one survivor")
                        .isNotIn("n1", "n4");
            }
            assertThat(Set.of("n2", "n3", "n5")).allMatch(node -> cluster.node(node).running());
        }
    }

    @Test
    void theHarnessReadmeExampleRunsAsWritten() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(3)) {
            cluster.awaitOwner("g1", "n1");
            cluster.partition("n1");
            cluster.awaitRunners("g1", Set.of("n1", "n2"));
            cluster.heal();
            cluster.awaitOwner("g1", "n1");
            cluster.powerOff("n1");
            assertThat(cluster.awaitOwner("g1")).isIn("n2", "n3");
        }
    }
}
