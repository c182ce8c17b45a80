package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bcast on an interface whose broadcast address was never set (ip addr add A/24 without brd +). */
class ImpliedBroadcastTest {

    @ParameterizedTest
    @CsvSource({"10.99.0.1, 24, 10.99.0.255", "192.168.2.1, 16, 192.168.255.255", "10.1.2.3, 8, 10.255.255.255",
            "172.16.5.4, 30, 172.16.5.7", "10.0.0.1, 32, 10.0.0.1", "10.0.0.1, 0, 255.255.255.255"})
    void isTheAddressWithEveryHostBitSet(String address, int prefix, String broadcast) throws Exception {
        assertThat(TransportStacks.impliedBroadcast((Inet4Address) InetAddress.getByName(address), prefix))
                .isEqualTo(InetAddress.getByName(broadcast));
    }
}
