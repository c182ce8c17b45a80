package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.host.NetInterface;
import org.junit.jupiter.api.Test;
import org.jheartbeat.testsupport.Recorded;

class IpJsonTest {

    @Test
    void readsLinksAddressesAndLabelsFromRecordedOutput() throws Exception {
        List<NetInterface> links = RecordedIproute.links(Recorded.run("ip-addr-show-with-vip").stdout(), "ip -j addr show");

        assertThat(links).extracting(NetInterface::name).containsExactly("lo", "eth0");
        NetInterface eth0 = links.get(1);
        assertThat(eth0.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        NetInterface.Address vip = eth0.find(InetAddress.getByName("10.79.0.100")).orElseThrow();
        assertThat(vip.prefixLength()).isEqualTo(24);
        assertThat(vip.label()).isEqualTo(Optional.of("eth0:0"));
        assertThat(vip.dadFailed()).isFalse();
        NetInterface.Address vip6 = eth0.find(InetAddress.getByName("fd79::100")).orElseThrow();
        assertThat(vip6.prefixLength()).isEqualTo(64);
        assertThat(vip6.label()).isEmpty();
    }

    @Test
    void seesTheKernelsFailedDuplicateAddressDetection() throws Exception {
        NetInterface eth0 = RecordedIproute.links(Recorded.run("ip-addr-show-ipv6-dadfailed").stdout(), "ip -j addr show dev eth0").get(0);

        NetInterface.Address duplicate = eth0.find(InetAddress.getByName("fd79::100")).orElseThrow();
        assertThat(duplicate.dadFailed()).isTrue();
        assertThat(duplicate.tentative()).isTrue();
    }

    @Test
    void keepsOnlyDirectlyAttachedRoutes() throws Exception {
        assertThat(IpJson.connectedRoutes(Recorded.run("ip-route-match-connected-and-default").stdout(), "ip route"))
                .containsExactly(new ConnectedRoute(InetAddress.getByName("10.79.0.0"), 24, "eth0"));
        assertThat(IpJson.connectedRoutes(Recorded.run("ip-route-match-default-only").stdout(), "ip route")).isEmpty();
        assertThat(IpJson.connectedRoutes(Recorded.run("ip-route-match-ipv6").stdout(), "ip route"))
                .containsExactly(new ConnectedRoute(InetAddress.getByName("fd79::"), 64, "eth0"));
    }

    @Test
    void badOutputIsReportedWithTheCommandThatPrintedIt() {
        assertThatThrownBy(() -> RecordedIproute.links("Device \"eth9\" does not exist.", "ip -j addr show dev eth9"))
                .isInstanceOf(UnexpectedOutputException.class)
                .hasMessageStartingWith("ip -j addr show dev eth9 printed malformed JSON");
        assertThatThrownBy(() -> RecordedIproute.links("{\"ifname\":\"eth0\"}", "ip -j addr show"))
                .hasMessageStartingWith("ip -j addr show did not print a JSON array");
        assertThatThrownBy(() -> RecordedIproute.links("[{\"addr_info\":[]}]", "ip -j addr show"))
                .hasMessageContaining("without a text field 'ifname'");
        assertThatThrownBy(() -> IpJson.connectedRoutes("[{\"dst\":\"eth0.example\",\"dev\":\"eth0\"}]", "ip route"))
                .hasMessageContaining("printed 'eth0.example' where an address belongs");
    }
}
