package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jheartbeat.agent.cli.ControlClient;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.agent.plugins.Plugins;
import org.jheartbeat.agent.scripts.ScriptFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent (Guice-wired as the daemon wires it, a resource.d script as its group, JGroups over loopback
 * towards a peer that never comes) answers on its control socket: status, cl_status's view, standby, cleanup
 * and metrics come from its cluster node, membership and group manager.
 */
class ControlSocketAgentTest {

    @TempDir
    Path dir;

    @Test
    void runningAgentAnswersStatusAndRequestsOnItsSocket() throws Exception {
        new ScriptFixtures(dir).resourceD("marker");
        int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
        ClusterConfig config = LoopbackAgentFiles.write(dir, port, "alpha marker\n", """
                jheartbeat.metrics.prometheus { enabled = true, address = "127.0.0.1", port = %d }
                """.formatted(port + 1));
        Path socket = LoopbackAgentFiles.controlSocket(dir);
        ClassLoader loader = getClass().getClassLoader();
        NodeAgent agent = NodeAgent.assemble(config, Plugins.discover(loader), NodeEnvironment.machine());
        try {
            agent.start();
            ControlClient client = new ControlClient(socket);
            String text = awaitStatus(client, "Started alpha", Duration.ofSeconds(20));
            assertThat(text).contains("Online: [ alpha ]").contains("OFFLINE: [ beta ]")
                    .contains("marker\t(marker):\t Started alpha");

            ControlReply report = client.call(ControlRequest.of("status"));
            assertThat(report.status().resourceHold()).isEqualTo("all");
            assertThat(report.status().nodes().get(0).links()).extracting(link -> link.name() + " " + link.up())
                    .containsExactly("lo true");

            assertThat(client.call(new ControlRequest("standby", "all", null)).ok()).isTrue();
            assertThat(awaitStatus(client, "Standby: [ alpha ]", Duration.ofSeconds(5)))
                    .as("alone, a node in standby keeps its groups: no other node can run them")
                    .contains("marker\t(marker):\t Started alpha");

            assertThat(client.call(new ControlRequest("cleanup", null, "marker")).groups()).containsExactly("marker");
            Map<String, Object> metrics = client.call(ControlRequest.of("metrics")).metrics();
            assertThat(metrics).containsEntry("cluster.members", 1).containsEntry("link.lo.members", 1)
                    .containsEntry("group.marker.state", "started").containsEntry("group.marker.starts", 1)
                    .containsEntry("group.marker.failures", 0).containsEntry("fencing.events", 0)
                    .containsEntry("cluster.starts", 1).containsEntry("link.lo.longest-silence-ms", 0)
                    .containsKeys("control.status", "membership.changes", "resource.marker.last-operation-ms");
            assertThat(metrics.get("resource.marker.start")).as("one start timed").asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("count", 1);

            String scraped = PrometheusScrape.of(port + 1);
            PrometheusScrape.assertValid(scraped);
            assertThat(scraped).contains("jheartbeat_group_state{group=\"marker\",state=\"started\"} 1\n")
                    .contains("jheartbeat_group_state{group=\"marker\",state=\"failed\"} 0\n")
                    .contains("jheartbeat_node_status{node=\"alpha\",status=\"standby\"} 1\n")
                    .contains("jheartbeat_node_status{node=\"beta\",status=\"offline\"} 1\n")
                    .contains("jheartbeat_link_status{link=\"lo\",node=\"beta\",status=\"dead\"} 1\n")
                    .contains("jheartbeat_resource_state{group=\"marker\",resource=\"marker\",state=\"started\"} 1\n")
                    .contains("jheartbeat_group_starts_total{group=\"marker\"} 1\n")
                    .contains("jheartbeat_resource_start_seconds_count{resource=\"marker\"} 1\n")
                    .contains("jheartbeat_rejected_packets_total{link=\"lo\"} 0\n")
                    .containsPattern("jheartbeat_build_info\\{version=\"[^\"]+\"\\} 1\n");
            PrometheusScrape.assertDashboardReadsOnlyExposedNames(scraped,
                    Path.of("../etc/dashboards/jheartbeat-grafana.json"));
        } finally {
            agent.close();
        }
        assertThat(socket).as("the socket goes with the agent").doesNotExist();
    }

    private static String awaitStatus(ControlClient client, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                ControlReply reply = client.call(new ControlRequest("status", null, null, "text"));
                last = reply.rendered();
                if (last.contains(expected)) {
                    return last;
                }
            } catch (ControlClient.NotRunningException e) {
                last = e.getMessage();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("status never showed '" + expected + "'; last:\n" + last);
    }
}
