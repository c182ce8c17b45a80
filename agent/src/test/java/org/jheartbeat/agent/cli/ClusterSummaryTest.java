package org.jheartbeat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.control.ClusterStates;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.StatusReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cl_status's streaming reader sees in every reply what JSON binding of the full report sees. */
class ClusterSummaryTest {

    @TempDir
    Path dir;

    @Test
    void summaryMatchesTheBoundReport() throws Exception {
        ClusterConfig config = ClusterStates.reference(dir);
        for (StatusReport report : List.of(ClusterStates.referenceRunning(config),
                ClusterStates.referenceSlaveDead(config))) {
            ClusterSummary summary = ClusterSummary.ofReply(ControlProtocol.encode(ControlReply.of(report)));
            assertThat(summary.node()).isEqualTo(report.node());
            assertThat(summary.version()).isEqualTo(report.version());
            assertThat(summary.resourceHold()).isEqualTo(report.resourceHold());
            assertThat(summary.pingTargets()).isEqualTo(report.pingTargets());
            assertThat(summary.nodes()).isEqualTo(report.nodes().stream().map(node -> new ClusterSummary.Node(
                    node.name(), node.state(), node.pingReachable(), node.links().stream()
                    .map(link -> new ClusterSummary.Link(link.name(), link.up())).toList())).toList());
        }
    }

    @Test
    void anErrorReplyIsRefusedWithItsMessage() {
        assertThatThrownBy(() -> ClusterSummary.ofReply(ControlProtocol.encode(ControlReply.refused("forbidden",
                "user nobody may not query the cluster")))).isInstanceOf(ClusterSummary.RefusedException.class)
                .hasMessage("user nobody may not query the cluster");
    }
}
