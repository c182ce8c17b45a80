package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beyond heartbeat v1's two nodes: three and five agents, groups spread by their preferred nodes. */
class MultiNodeClusterTest {

    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            assertThat(cluster.world.violations()).as("invariant 1 held throughout").isEmpty();
            cluster.close();
        }
    }

    @Test
    void threeNodesEachRunTheirOwnGroupAndAbsorbADeadOnesGroup() throws Exception {
        cluster = new TestCluster(List.of("a", "b", "c"), List.of(new Topology.GroupSpec("ga", "a"),
                new Topology.GroupSpec("gb", "b"), new Topology.GroupSpec("gc", "c")), AutoFailback.ON,
                TestCluster.FAST).startAll();
        cluster.awaitRunsOn("ga", "a");
        cluster.awaitRunsOn("gb", "b");
        cluster.awaitRunsOn("gc", "c");

        cluster.powerOff("b");

        cluster.await(() -> cluster.world.runners("gb").size() == 1 && !cluster.world.runners("gb").contains("b"),
                "gb runs on one survivor");
        assertThat(cluster.world.runners("ga")).containsExactly("a");
        assertThat(cluster.world.runners("gc")).containsExactly("c");
    }

    @Test
    void aMinorityPartitionAndTheMajorityBothKeepServingThenMergeToOneCopy() throws Exception {
        cluster = new TestCluster(List.of("a", "b", "c"), List.of(new Topology.GroupSpec("ga", "a"),
                new Topology.GroupSpec("gb", "b")), AutoFailback.ON, TestCluster.FAST).startAll();
        cluster.awaitRunsOn("ga", "a");
        cluster.awaitRunsOn("gb", "b");

        cluster.partition(Set.of("a"));
        cluster.await(() -> cluster.world.runners("ga").size() == 2, "both sides of the partition run ga");
        cluster.heal();

        cluster.awaitRunsOn("ga", "a");
        cluster.awaitRunsOn("gb", "b");
    }

    @Test
    void fiveNodesSurviveTwoLosses() throws Exception {
        List<String> nodes = List.of("n1", "n2", "n3", "n4", "n5");
        List<Topology.GroupSpec> groups = List.of(new Topology.GroupSpec("g1", "n1"), new Topology.GroupSpec("g2", "n2"),
                new Topology.GroupSpec("g3", "n3"), new Topology.GroupSpec("g4", "n4"), new Topology.GroupSpec("g5", "n5"));
        cluster = new TestCluster(nodes, groups, AutoFailback.ON, TestCluster.FAST).startAll();
        for (Topology.GroupSpec group : groups) {
            cluster.awaitRunsOn(group.id(), group.preferredNode());
        }

        cluster.powerOff("n1");
        cluster.powerOff("n4");

        for (Topology.GroupSpec group : groups) {
            cluster.await(() -> {
                Set<String> runners = cluster.world.runners(group.id());
                return runners.size() == 1 && !runners.contains("n1") && !runners.contains("n4");
            }, group.id() + " runs on exactly one survivor");
        }
    }
}
