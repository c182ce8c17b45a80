package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A link binds the node's own address, never one the cluster manages, whatever order the kernel lists them in:
 * against the addresses the kernel listed for a node holding its virtual address (recorded by
 * {@code ip-addr/record.sh}: 10.79.0.1/24 primary, 192.168.7.5/24 primary of another subnet, 10.79.0.100/24
 * secondary).
 */
class LinkAddressTest {

    private static final Set<InetAddress> NOTHING_MANAGED = Set.of();

    private static List<InterfaceAddress> recorded() throws IOException {
        try (InputStream json = LinkAddressTest.class.getResourceAsStream("/ip-addr/eth0-with-virtual-addresses.json")) {
            return Interfaces.parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    private static String choose(List<InetAddress> ucast, List<InetAddress> name, Set<InetAddress> managed)
            throws Exception {
        LinkAddress chosen = LinkAddress.choose("eth0", "alpha", ucast, name, recorded(), managed, false);
        return chosen.address().literal() + " (" + chosen.why() + ")";
    }

    @Test
    void readsTheKernelsOrderAndFlags() throws IOException {
        assertThat(recorded()).extracting(address -> address.literal() + "/" + address.prefixLength()
                        + (address.secondary() ? " secondary" : "") + address.broadcast().map(b -> " brd "
                        + b.getHostAddress()).orElse(""))
                .containsExactly("10.79.0.1/24 brd 10.79.0.255", "192.168.7.5/24", "10.79.0.100/24 secondary");
    }

    @Test
    void thePrimaryAddressWhenNothingElseNamesOne() throws Exception {
        assertThat(choose(List.of(), List.of(), NOTHING_MANAGED)).isEqualTo("10.79.0.1 (the primary address of eth0)");
    }

    @Test
    void theUcastLinesAddressFirstThenTheNodeNamesAddress() throws Exception {
        assertThat(choose(List.of(ip("10.79.0.2"), ip("192.168.7.5")), List.of(ip("10.79.0.1")), NOTHING_MANAGED))
                .isEqualTo("192.168.7.5 (the address ha.cf's ucast lines give this node on eth0)");
        assertThat(choose(List.of(), List.of(ip("192.168.7.5")), NOTHING_MANAGED))
                .isEqualTo("192.168.7.5 (the address node alpha resolves to)");
    }

    @Test
    void neverAnAddressAResourceManagesEvenWhenEverythingElsePointsAtIt() throws Exception {
        Set<InetAddress> managed = Set.of(ip("10.79.0.1"), ip("10.79.0.100"));
        assertThat(choose(List.of(ip("10.79.0.1")), List.of(ip("10.79.0.100")), managed))
                .isEqualTo("192.168.7.5 (the primary address of eth0)");
    }

    @Test
    void anInterfaceWithOnlyManagedAddressesHasNothingToBindAndSaysWhatItHas() throws Exception {
        Set<InetAddress> managed = Set.of(ip("10.79.0.1"), ip("10.79.0.100"), ip("192.168.7.5"));
        assertThatThrownBy(() -> choose(List.of(), List.of(), managed)).isInstanceOf(LinkAddress.Unavailable.class)
                .hasMessage("interface eth0 has no IPv4 address of this node's own to bind the link to (addresses: "
                        + "10.79.0.1/24, 192.168.7.5/24, 10.79.0.100/24 secondary; managed by haresources: "
                        + "[10.79.0.1, 10.79.0.100, 192.168.7.5])");
    }
}
