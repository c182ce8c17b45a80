package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.NetInterface;
import org.junit.jupiter.api.Test;
import org.jheartbeat.testsupport.Recorded;

class AddressAssignmentResolverTest {

    private static final List<NetInterface> LINKS = RecordedIproute.links(Recorded.run("ip-addr-show-without-vip").stdout(), "ip -j addr show");

    private static VirtualAddress wanted(String token) throws Exception {
        return VirtualAddressParser.parse(ResourceSpec.parse(token), AddressFamilies.IPV4_AND_IPV6);
    }

    private static ConnectedRoute route(String network, int prefix, String device) throws Exception {
        return new ConnectedRoute(InetAddress.getByName(network), prefix, device);
    }

    @Test
    void missingDeviceAndPrefixComeFromTheMostSpecificConnectedNetwork() throws Exception {
        AddressAssignment placement = AddressAssignmentResolver.resolve(wanted("IPaddr2::10.79.0.100"), LINKS,
                List.of(route("10.0.0.0", 8, "lo"), route("10.79.0.0", 24, "eth0")));

        assertThat(placement.device()).isEqualTo("eth0");
        assertThat(placement.prefixLength()).isEqualTo(24);
        assertThat(placement.cidr()).isEqualTo("10.79.0.100/24");
    }

    @Test
    void writtenValuesWinOverTheRoute() throws Exception {
        AddressAssignment placement = AddressAssignmentResolver.resolve(wanted("IPaddr2::10.79.0.100/32/eth0:vip"), LINKS, List.of());

        assertThat(placement.prefixLength()).isEqualTo(32);
        assertThat(placement.label()).contains("eth0:vip");
        assertThat(AddressAssignmentResolver.needsRoutes(wanted("IPaddr2::10.79.0.100/32/eth0"))).isFalse();
    }

    @Test
    void fullyWrittenAddressNeedsNoRouteAtAll() throws Exception {
        AddressAssignment placement = AddressAssignmentResolver.resolve(wanted("IPaddr2::10.79.0.100/24/lo:1/10.79.0.255"), LINKS, List.of());

        assertThat(placement.device()).isEqualTo("lo");
        assertThat(placement.broadcast()).contains(InetAddress.getByName("10.79.0.255"));
    }

    @Test
    void addressOutsideEveryConnectedNetworkNeedsItsPrefixAndDeviceWritten() throws Exception {
        assertThatThrownBy(() -> AddressAssignmentResolver.resolve(wanted("IPaddr2::10.79.1.100"), LINKS,
                List.of(route("10.79.0.0", 24, "eth0"))))
                .isInstanceOf(AddressAssignmentException.class)
                .hasMessage("no directly attached network covers 10.79.1.100; write the prefix and interface out, "
                        + "e.g. 10.79.1.100/24/eth0");
    }

    @Test
    void unknownInterfaceIsNamedWithTheOnesThatExist() throws Exception {
        assertThatThrownBy(() -> AddressAssignmentResolver.resolve(wanted("IPaddr2::10.79.0.100/24/eth9"), LINKS, List.of()))
                .isInstanceOf(AddressAssignmentException.class)
                .hasMessage("interface eth9 does not exist on this node (it has lo, eth0)");
    }

    @Test
    void coversComparesOnlyThePrefixBits() throws Exception {
        assertThat(AddressAssignmentResolver.covers(route("fd79::", 64, "eth0"), InetAddress.getByName("fd79::ffff:1"))).isTrue();
        assertThat(AddressAssignmentResolver.covers(route("fd79::", 64, "eth0"), InetAddress.getByName("fd7a::1"))).isFalse();
        assertThat(AddressAssignmentResolver.covers(route("10.79.0.0", 23, "eth0"), InetAddress.getByName("10.79.1.9"))).isTrue();
        assertThat(AddressAssignmentResolver.covers(route("10.79.0.0", 24, "eth0"), InetAddress.getByName("fd79::1"))).isFalse();
    }
}
