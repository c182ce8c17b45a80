package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two agents, one group preferred on a, over the in-JVM transport: heartbeat v1's everyday situations. */
class TwoNodeClusterTest {

    private static final String G = "IPaddr::10.0.0.1";
    private TestCluster cluster;

    private TestCluster cluster(AutoFailback autoFailback) throws Exception {
        cluster = new TestCluster(List.of("a", "b"), List.of(new Topology.GroupSpec(G, "a")), autoFailback,
                TestCluster.FAST).startAll();
        return cluster;
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            assertThat(cluster.world.violations()).as("invariant 1 held throughout").isEmpty();
            cluster.close();
        }
    }

    @Test
    void thePreferredNodeRunsTheGroup() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
    }

    @Test
    void theSurvivorTakesOverWhenTheOwnerLosesPower() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        List<ClusterNode.Acquisition> acquisitions = new java.util.concurrent.CopyOnWriteArrayList<>();
        cluster.node("b").cluster.observe((group, why) -> acquisitions.add(why));
        long lost = System.nanoTime();
        cluster.powerOff("a");
        cluster.awaitRunsOn(G, "b");
        long tookMillis = (cluster.world.lastStart("b", G) - lost) / 1_000_000;
        System.out.printf("[cluster] power loss to takeover: %d ms (deadtime %d ms)%n", tookMillis,
                cluster.timing().deadtime().toMillis());
        assertThat(acquisitions).containsExactly(ClusterNode.Acquisition.FAILOVER);
    }

    @Test
    void withAutoFailbackOnTheGroupReturnsToItsPreferredNode() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.powerOff("a");
        cluster.awaitRunsOn(G, "b");
        cluster.add("a").start();
        cluster.awaitRunsOn(G, "a");
    }

    @Test
    void withAutoFailbackOffTheGroupStaysWhereItRuns() throws Exception {
        cluster(AutoFailback.OFF).awaitRunsOn(G, "a");
        cluster.powerOff("a");
        cluster.awaitRunsOn(G, "b");
        cluster.add("a").start();
        Thread.sleep(cluster.timing().deadtime().multipliedBy(2).toMillis());
        assertThat(cluster.world.runners(G)).containsExactly("b");
    }

    @Test
    void standbyHandsTheGroupOverBeforeThePeerStartsIt() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        List<ClusterNode.Acquisition> acquisitions = new java.util.concurrent.CopyOnWriteArrayList<>();
        cluster.node("b").cluster.observe((group, why) -> acquisitions.add(why));
        cluster.node("a").cluster.request(Request.Kind.STANDBY, Scope.ALL).get();
        cluster.awaitRunsOn(G, "b");
        assertThat(acquisitions).containsExactly(ClusterNode.Acquisition.HANDOVER);
        cluster.node("a").cluster.request(Request.Kind.TAKEOVER, Scope.ALL).get();
        cluster.awaitRunsOn(G, "a");
    }

    @Test
    void takeoverOnTheOtherNodeMovesTheGroup() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.node("b").cluster.request(Request.Kind.TAKEOVER, Scope.FOREIGN).get();
        cluster.awaitRunsOn(G, "b");
    }

    @Test
    void afterAPartitionHealsExactlyOneCopyRemainsAndTheKeeperAnnouncesIt() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.partition(Set.of("a"));
        cluster.await(() -> cluster.world.runners(G).equals(Set.of("a", "b")), "both halves run the group");
        cluster.heal();
        cluster.awaitRunsOn(G, "a");
        cluster.await(() -> !cluster.world.announcements().isEmpty(), "the keeper announces the group again");
        assertThat(cluster.world.announcements()).as("announced once, by the keeper, after the other copy stopped")
                .containsExactly(new World.Announcement("a", G, Set.of("a")));
    }

    @Test
    void aNodeFrozenPastDeadtimeStopsItsGroupWhenItResumes() throws Exception {
        cluster(AutoFailback.OFF).awaitRunsOn(G, "a");
        cluster.freeze("a", cluster.timing().deadtime().plus(Duration.ofSeconds(2)));
        cluster.awaitRunsOn(G, "b");
        assertThat(cluster.world.violations()).isEmpty();
    }

    @Test
    void aGroupThatCannotStartGoesToTheOtherNode() throws Exception {
        cluster = new TestCluster(List.of("a", "b"), List.of(new Topology.GroupSpec(G, "a")), AutoFailback.ON,
                TestCluster.FAST);
        cluster.add("a").agents.get(G).failStart = true;
        cluster.add("b");
        cluster.node("a").start();
        cluster.node("b").start();
        cluster.awaitRunsOn(G, "b");
    }

    @Test
    void aStopThatFailsFencesTheNodeAndThePeerTakesOver() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.node("a").agents.get(G).failStop = true;
        cluster.node("a").cluster.request(Request.Kind.STANDBY, Scope.ALL).get();
        cluster.awaitRunsOn(G, "b");
        assertThat(cluster.node("a").fencings).singleElement().asString().contains(G);
    }

    @Test
    void aResourceThatKeepsFailingIsGivenToTheOtherNode() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.node("a").agents.get(G).failStatus = true;
        cluster.awaitRunsOn(G, "b");
    }

    @Test
    void theNodeReachingFewerPingTargetsYields() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");
        cluster.node("a").cluster.pingReachable(1);
        cluster.node("b").cluster.pingReachable(1);
        Thread.sleep(cluster.timing().keepalive().multipliedBy(3).toMillis());
        assertThat(cluster.world.runners(G)).containsExactly("a");

        cluster.node("a").cluster.pingReachable(0);

        cluster.awaitRunsOn(G, "b");
    }

    @Test
    void standbyCanBeAskedOfTheOtherNode() throws Exception {
        cluster(AutoFailback.ON).awaitRunsOn(G, "a");

        cluster.node("b").cluster.requestFor("a", Request.Kind.STANDBY, Scope.ALL).get();

        cluster.awaitRunsOn(G, "b");
        assertThat(cluster.node("a").cluster.view().get().states().get("a").request())
                .as("the request is a's own now").hasValueSatisfying(request ->
                        assertThat(request.kind()).isEqualTo(Request.Kind.STANDBY));
        assertThatThrownBy(() -> cluster.node("b").cluster.requestFor("nobody", Request.Kind.STANDBY, Scope.ALL).get())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody is not a member");
    }
}
