package org.jheartbeat.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.control.StatusReport;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.SenderPosition;
import org.junit.jupiter.api.Test;

/** The agent's metrics in Prometheus' text format, read from fixed sources, and served over HTTP. */
class PrometheusEndpointTest {

    private static final String GROUP = "IPaddr::192.168.0.174/24/eth0";
    private final AtomicReference<RunState> groupState = new AtomicReference<>(RunState.STARTING);
    private final AgentMetrics metrics = new AgentMetrics(new AgentMetrics.Sources(() -> Set.of("alpha", "beta"),
            () -> List.of(node("alpha", "online", true), node("beta", "standby", false)),
            () -> Map.of("eth0", Set.of("alpha")), () -> Map.of("eth0", 1500L), () -> Map.of("eth0", 7L),
            () -> List.of(group())), List.of(GROUP), List.of("drbddisk::r0"));

    private static StatusReport.Node node(String name, String state, boolean heard) {
        return new StatusReport.Node(name, state, false, List.of(new StatusReport.Link("eth0", heard)), null, null,
                List.of());
    }

    private GroupSnapshot group() {
        return new GroupSnapshot(GROUP, groupState.get(), Instant.EPOCH, "test", List.of(new ResourceSnapshot(
                "drbddisk::r0", groupState.get(), Instant.EPOCH, Duration.ofMillis(120))), 1, List.of());
    }

    @Test
    void everyStateIsASeriesValuedOneForTheCurrentOneAndZeroForTheOthers() {
        String text = metrics.prometheusText();

        assertThat(text).contains("jheartbeat_group_state{group=\"" + GROUP + "\",state=\"starting\"} 1\n")
                .contains("jheartbeat_group_state{group=\"" + GROUP + "\",state=\"started\"} 0\n")
                .contains("jheartbeat_group_state{group=\"" + GROUP + "\",state=\"fencing\"} 0\n")
                .contains("jheartbeat_resource_state{group=\"" + GROUP + "\",resource=\"drbddisk::r0\","
                        + "state=\"starting\"} 1\n")
                .contains("jheartbeat_node_status{node=\"beta\",status=\"standby\"} 1\n")
                .contains("jheartbeat_node_status{node=\"beta\",status=\"online\"} 0\n")
                .contains("jheartbeat_link_status{link=\"eth0\",node=\"beta\",status=\"dead\"} 1\n")
                .contains("jheartbeat_link_status{link=\"eth0\",node=\"alpha\",status=\"up\"} 1\n")
                .contains("jheartbeat_link_longest_silence_seconds{link=\"eth0\"} 1.5\n")
                .contains("jheartbeat_rejected_packets_total{link=\"eth0\"} 7\n")
                .contains("jheartbeat_resource_last_operation_seconds{resource=\"drbddisk::r0\"} 0.12\n");
    }

    @Test
    void theFailureCounterAndThePerGroupGaugeAreTwoFamiliesEachNamedOnce() {
        String text = metrics.prometheusText();

        assertThat(text).contains("# TYPE jheartbeat_group_failures_total counter\n"
                        + "jheartbeat_group_failures_total{group=\"" + GROUP + "\"} 0\n")
                .contains("# TYPE jheartbeat_group_recent_failures gauge\n");
        List<String> families = text.lines().filter(line -> line.startsWith("# TYPE ")).toList();
        assertThat(families).doesNotHaveDuplicates();
        assertThat(text.lines().filter(line -> line.startsWith("# HELP ")).count()).isEqualTo(families.size());
        assertThat(families).filteredOn(line -> line.endsWith(" counter")).allMatch(line -> line.contains("_total "));
    }

    @Test
    void aFailoverIsTimedFromTheNodeLostToTheGroupRunningAndStartsAreSummarisedInSeconds() {
        Membership.Listener membership = metrics.observing(new Membership.Listener() {
            @Override
            public void membersChanged(Set<String> members) {
            }

            @Override
            public void delivered(String from, SenderPosition position, byte[] payload) {
            }

            @Override
            public void refused(String reason) {
            }
        });
        GroupListener groups = metrics.listening(new GroupListener() {
            @Override
            public void groupReleased(String group, String reason) {
            }

            @Override
            public void stateChanged(GroupSnapshot snapshot) {
            }
        });
        membership.membersChanged(Set.of("alpha", "beta"));
        membership.membersChanged(Set.of("alpha"));
        metrics.clusterEvents().acquired(GROUP, Acquisition.FAILOVER);
        groups.stateChanged(group());
        assertThat(metrics.prometheusText()).doesNotContain("jheartbeat_last_failover_duration_seconds{");
        groupState.set(RunState.STARTED);
        groups.stateChanged(group());

        String text = metrics.prometheusText();
        assertThat(text).containsPattern("jheartbeat_last_failover_duration_seconds\\{group=\"" + GROUP.replace(".",
                        "\\.") + "\"\\} [0-9.E-]+\n")
                .contains("jheartbeat_cluster_failovers_total 1\n")
                .contains("jheartbeat_membership_nodes_lost_total 1\n")
                .contains("jheartbeat_group_starts_total{group=\"" + GROUP + "\"} 1\n")
                .contains("# TYPE jheartbeat_resource_start_seconds summary\n")
                .contains("jheartbeat_resource_start_seconds{resource=\"drbddisk::r0\",quantile=\"0.5\"} 0.12\n")
                .contains("jheartbeat_resource_start_seconds_sum{resource=\"drbddisk::r0\"} 0.12\n")
                .contains("jheartbeat_resource_start_seconds_count{resource=\"drbddisk::r0\"} 1\n");
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusText().sample("x", 1, "group", "a\"b\\c\nd").toString();

        assertThat(text).isEqualTo("jheartbeat_x{group=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    @Test
    void servesTheTextOnLoopback() throws Exception {
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.open("127.0.0.1", 0, metrics::prometheusText)) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + endpoint.port()
                    + "/metrics").openConnection();
            assertThat(connection.getResponseCode()).isEqualTo(200);
            assertThat(connection.getContentType()).startsWith("text/plain; version=0.0.4");
            assertThat(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("jheartbeat_cluster_members 2\n");
        }
    }
}
