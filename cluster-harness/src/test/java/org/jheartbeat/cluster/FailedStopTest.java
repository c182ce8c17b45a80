package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jheartbeat.agent.cli.ControlClient;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.harness.InJvmCluster;
import org.jheartbeat.harness.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stop that keeps failing, at shutdown (SIGTERM) and while a start is rolled back, with a fencer that takes the
 * node down and with one that returns (a STONITH command that failed, a reboot the kernel refused): the node is
 * fenced or stays in the cluster holding the group; it never leaves with the group running, and no peer starts it
 * while the node is a member.
 */
class FailedStopTest {

    private static final String G = "g";
    private InJvmCluster cluster;
    private CompletableFuture<Void> shutdown;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
        if (shutdown != null) {
            shutdown.join();
        }
    }

    private void aRunsTheGroupAndItsStopFails() throws Exception {
        cluster = InJvmCluster.builder().nodes("a", "b").group(G, "a").startAll();
        cluster.awaitOwner(G, "a");
        cluster.world().fail("a", G, World.Failure.STOP, true);
    }

    private void aFailsToStartTheGroupAndToRollItBackAndItsFencerReturns() throws Exception {
        cluster = InJvmCluster.builder().nodes("a", "b").group(G, "a").build();
        for (World.Failure failure : World.Failure.values()) {
            cluster.world().fail("a", G, failure, true);
        }
        cluster.startAll();
        cluster.node("a").fencingReturns();
        cluster.await(() -> !cluster.node("a").fencings().isEmpty(), "a fences itself after the failed rollback");
    }

    private String group() {
        return InJvmCluster.groupId(G);
    }

    @Test
    void aStopThatKeepsFailingUnderSigtermFencesTheNodeAndThePeerStartsTheGroupOnlyOnceItIsDown() throws Exception {
        aRunsTheGroupAndItsStopFails();

        shutdown = CompletableFuture.runAsync(() -> cluster.shutdown("a"));
        cluster.awaitOwner(G, "b");

        assertThat(cluster.node("a").fencings()).singleElement().asString().contains(group(), "injected stop failure");
        assertThat(cluster.node("a").running()).as("fencing powered a off").isFalse();
        shutdown.join();
    }

    @Test
    void aFencerThatReturnsUnderSigtermKeepsTheNodeInTheClusterAndThePeerNeverStartsTheGroup() throws Exception {
        aRunsTheGroupAndItsStopFails();
        cluster.node("a").fencingReturns();

        shutdown = CompletableFuture.runAsync(() -> cluster.shutdown("a"));
        cluster.await(() -> !cluster.node("a").fencings().isEmpty(), "a fences itself");
        deadtimePassesTwice();

        assertThat(cluster.world().lastStart("b", G)).as("b never started the group").isEqualTo(-1);
        assertThat(cluster.world().runners(G)).containsExactly("a");
        assertThat(shutdown).as("a's agent has not left").isNotDone();
        assertThat(cluster.connected("a", "b")).as("a stays a member while the group may still run there").isTrue();
        assertThat(blockedOnA()).as("the group is blocked on a").isEqualTo(RunState.BLOCKED);

        cluster.powerOff("a");
        cluster.awaitOwner(G, "b");
        shutdown.join();
    }

    @Test
    void aFencerThatReturnsWhileAFailedStartIsRolledBackKeepsTheGroupHeldSoThePeerNeverStartsIt() throws Exception {
        aFailsToStartTheGroupAndToRollItBackAndItsFencerReturns();
        deadtimePassesTwice();

        assertThat(blockedOnA()).isEqualTo(RunState.BLOCKED);
        assertThat(cluster.world().lastStart("b", G)).as("a failed start whose stop failed is no failed start that"
                + " another node may now try").isEqualTo(-1);
        cluster.await(() -> cluster.node("b").agent().cluster().view().join().blocked()
                .equals(Map.of("a", Set.of(group()))), "b learns the group is blocked on a (its status says why it "
                + "does not move)");

        cluster.powerOff("a");
        cluster.awaitOwner(G, "b");
    }

    /**
     * The same block, then the operator's fix (the resource's status says stopped, its stop works) and {@code hbctl
     * resource cleanup} on a, with its start still failing there: the cleanup asks the group's stop again, the
     * cluster places it again, a's start fails and is rolled back, and b runs it. Before, a held the group
     * "starting" for good after the cleanup, and no node ran it.
     */
    @Test
    void aGroupBlockedWhileRollingBackAFailedStartIsPlacedAgainOnceCleanedUp() throws Exception {
        aFailsToStartTheGroupAndToRollItBackAndItsFencerReturns();
        cluster.await(() -> blockedOnA() == RunState.BLOCKED, "a's group blocks once its fencer returned");

        cluster.world().fail("a", G, World.Failure.STOP, false);
        cluster.world().fail("a", G, World.Failure.STATUS, false);
        Path socket = cluster.node("a").agent().config().settings().controlSocket();
        ControlReply cleaned = new ControlClient(socket).call(new ControlRequest("cleanup", null, group()));
        assertThat(cleaned.ok()).as(cleaned.message()).isTrue();

        cluster.awaitOwner(G, "b");
        assertThat(cluster.world().runners(G)).containsExactly("b");
    }

    private RunState blockedOnA() {
        return cluster.node("a").agent().groups().group(group()).orElseThrow().snapshot().state();
    }

    /** Long enough for the peer to declare a dead node dead, or for a released group to be placed elsewhere. */
    private void deadtimePassesTwice() throws InterruptedException {
        long until = System.nanoTime() + cluster.timing().deadtime().multipliedBy(2).toNanos();
        cluster.await(() -> System.nanoTime() > until, "twice deadtime passes");
    }
}
