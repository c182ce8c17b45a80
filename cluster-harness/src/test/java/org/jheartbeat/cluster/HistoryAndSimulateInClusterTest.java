package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jheartbeat.agent.cli.ControlClient;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code hbctl simulate} and {@code hbctl history} asked of live agents on their control sockets: the simulation
 * foretells what the cluster then does, and the history tells afterwards what it did, with its timings.
 */
class HistoryAndSimulateInClusterTest {

    private static final String G = InJvmCluster.groupId("g");
    private InJvmCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ControlReply ask(String node, ControlRequest request) throws Exception {
        Path socket = cluster.node(node).agent().config().settings().controlSocket();
        return new ControlClient(socket).call(request);
    }

    private String simulate(String on, String event, String node) throws Exception {
        ControlReply reply = ask(on, new ControlRequest("simulate", null, node, "text", event));
        assertThat(reply.ok()).as(reply.message()).isTrue();
        return reply.rendered();
    }

    private String history(String on) throws Exception {
        return ask(on, new ControlRequest("history", null, null, "text")).rendered();
    }

    @Test
    void theSimulationForetellsTheFailoverAndTheFailbackAndTheHistoryRecordsThem() throws Exception {
        cluster = InJvmCluster.builder().nodes("a", "b").group("g", "a").autoFailback(AutoFailback.ON).startAll();
        cluster.awaitOwner("g", "a");
        cluster.awaitSettled();

        assertThat(simulate("b", "fail", "a")).contains("Simulated on b: fail a (nothing was changed)")
                .contains("1. start " + G + " on b (round 1: " + G + ")");
        assertThat(simulate("b", "standby", "b")).contains("none: every group stays where it is");
        assertThat(cluster.world().runners("g")).as("simulating moves nothing").containsExactly("a");

        cluster.powerOff("a");
        cluster.awaitOwner("g", "b");
        String afterFailover = history("b");
        assertThat(afterFailover).containsPattern("failover " + Pattern.quote(G)
                + " from a: running after \\d+ ms");
        assertThat(afterFailover.indexOf("node-lost    a")).as(afterFailover).isPositive()
                .isLessThan(afterFailover.indexOf("decided      acquire here"));
        assertThat(afterFailover.indexOf("decided")).isLessThan(afterFailover.indexOf("started      " + G));
        assertThat(afterFailover.indexOf("started      " + G)).isLessThan(afterFailover.indexOf("running      "
                + G));

        assertThat(simulate("b", "return", "a")).contains("1. stop  " + G + " on b (round 1: " + G + ")")
                .contains("2. start " + G + " on a (round 2: " + G + ")");
        cluster.start("a");
        cluster.awaitOwner("g", "a");
        cluster.awaitSettled();
        String afterFailback = history("b");
        System.out.printf("[cluster] hbctl history on b after the failover and the failback:%n%s", afterFailback);
        assertThat(afterFailback).as(afterFailback).containsPattern("release " + Pattern.quote(G)
                + " after a: stopped after \\d+ ms").contains("node-joined  a");
        assertThat(history("a")).as("a's own history starts with its new agent")
                .containsPattern("handover " + Pattern.quote(G) + " from b: running after \\d+ ms");
    }
}
