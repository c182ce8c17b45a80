package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.jheartbeat.resource.host.Network.NewAddress;
import org.junit.jupiter.api.Test;

/** What is asked of the network for a placement: iproute2's {@code broadcast +} and {@code nodad}, made explicit. */
class AddressAssignmentTest {

    @Test
    void anIpv4AddressGetsTheBroadcastItsPrefixImpliesWhereThereIsRoomForOne() throws Exception {
        assertThat(add("10.79.0.100", 24, Optional.empty())).hasToString("10.79.0.100/24 broadcast 10.79.0.255 dev eth0");
        assertThat(add("10.79.0.100", 20, Optional.empty())).hasToString("10.79.0.100/20 broadcast 10.79.15.255 dev eth0");
        assertThat(add("10.79.0.101", 30, Optional.empty())).hasToString("10.79.0.101/30 broadcast 10.79.0.103 dev eth0");
        assertThat(add("10.79.0.100", 31, Optional.empty())).hasToString("10.79.0.100/31 dev eth0");
        assertThat(add("10.79.0.100", 32, Optional.empty())).hasToString("10.79.0.100/32 dev eth0");
    }

    @Test
    void aWrittenBroadcastIsKept() throws Exception {
        assertThat(add("10.79.0.100", 24, Optional.of(InetAddress.getByName("10.79.0.127"))))
                .hasToString("10.79.0.100/24 broadcast 10.79.0.127 dev eth0");
    }

    @Test
    void anIpv6AddressHasNoBroadcastAndSkipsTheKernelsDuplicateDetection() throws Exception {
        NewAddress added = add("fd79::100", 64, Optional.empty());

        assertThat(added.broadcast()).isEmpty();
        assertThat(added.skipDuplicateDetection()).isTrue();
    }

    private static NewAddress add(String address, int prefixLength, Optional<InetAddress> broadcast) throws Exception {
        return new AddressAssignment(InetAddress.getByName(address), prefixLength, "eth0", Optional.empty(), broadcast)
                .toAdd();
    }
}
