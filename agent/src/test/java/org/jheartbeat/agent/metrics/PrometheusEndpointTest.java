package org.jheartbeat.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

    private static MetricRegistry registry() {
        MetricRegistry registry = new MetricRegistry();
        registry.register("cluster.members", (Gauge<Integer>) () -> 2);
        registry.register("group.IPaddr::192.168.0.174/24/eth0.state", (Gauge<String>) () -> "started");
        registry.register("group.IPaddr::192.168.0.174/24/eth0.restarts", (Gauge<Integer>) () -> 1);
        registry.register("link.eth0.members", (Gauge<Integer>) () -> 2);
        registry.counter("membership.nodes-lost").inc(3);
        registry.histogram("resource.drbddisk::r0.start-ms").update(120);
        return registry;
    }

    @Test
    void rendersFamiliesWithTheirIdsAsLabels() {
        String text = PrometheusText.render(registry());

        assertThat(text).contains("# TYPE jheartbeat_cluster_members gauge\njheartbeat_cluster_members 2\n")
                .contains("jheartbeat_group_state{group=\"IPaddr::192.168.0.174/24/eth0\",state=\"started\"} 1\n")
                .contains("jheartbeat_group_restarts{group=\"IPaddr::192.168.0.174/24/eth0\"} 1\n")
                .contains("jheartbeat_link_members{link=\"eth0\"} 2\n")
                .contains("# TYPE jheartbeat_membership_nodes_lost counter\njheartbeat_membership_nodes_lost 3\n")
                .contains("# TYPE jheartbeat_resource_start_ms summary\n")
                .contains("jheartbeat_resource_start_ms{resource=\"drbddisk::r0\",quantile=\"0.5\"} 120.0\n")
                .contains("jheartbeat_resource_start_ms_count{resource=\"drbddisk::r0\"} 1\n");
        assertThat(text.lines().filter(line -> line.startsWith("# TYPE jheartbeat_group_state"))).hasSize(1);
    }

    @Test
    void servesTheTextOnLoopback() throws Exception {
        MetricRegistry registry = registry();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.open("127.0.0.1", 0,
                () -> PrometheusText.render(registry))) {
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + endpoint.port()
                    + "/metrics").openConnection();
            assertThat(connection.getResponseCode()).isEqualTo(200);
            assertThat(connection.getContentType()).startsWith("text/plain; version=0.0.4");
            assertThat(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("jheartbeat_cluster_members 2");
        }
    }
}
