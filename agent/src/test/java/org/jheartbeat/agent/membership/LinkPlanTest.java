package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links a node's ha.cf makes and what each binds, as the start-up log and {@code hbctl config check} show them:
 * read from a site's own files, with the interfaces as the kernel would list them on a node holding its group.
 */
class LinkPlanTest {

    private static ClusterConfig site(Path dir, String media) throws IOException {
        Files.writeString(dir.resolve("ha.cf"), "udpport 694\n" + media + "node alpha beta\nauto_failback off\n");
        Files.writeString(dir.resolve("haresources"), "alpha 10.79.0.100 IPaddr2::192.168.7.5/24/eth1\n");
        Path authkeys = Files.writeString(dir.resolve("authkeys"), "auth 1\n1 sha1 secret\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        ConfigLoader.Result loaded = new ConfigLoader(LinkPlanTest.class.getClassLoader()).load(
                ConfigSources.defaults().withConfigDir(dir).withSettingsFile(dir.resolve("absent.conf"))
                        .withLocalNode("alpha"));
        return loaded.config().orElseThrow(() -> new AssertionError(loaded.errors()));
    }

    /** eth0 holds alpha's address and the group's 10.79.0.100; eth1 only the group's 192.168.7.5. */
    private static final Interfaces HOLDING_THE_GROUP = device -> switch (device) {
        case "eth0" -> List.of(address("10.79.0.1", false), address("10.79.0.100", true));
        case "eth1" -> List.of(address("192.168.7.5", false));
        default -> throw new IOException("interface " + device + ": Device \"" + device + "\" does not exist.");
    };

    private static InterfaceAddress address(String literal, boolean secondary) {
        try {
            return new InterfaceAddress(InetAddress.getByName(literal), 24, secondary, Optional.empty());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> plan(Path dir, String media) throws IOException {
        return LinkPlan.of(site(dir, media), HOLDING_THE_GROUP, name -> List.of()).stream()
                .map(LinkPlan.Link::describe).toList();
    }

    @Test
    void eachLinkBindsTheNodesOwnAddressAndNamesIt(@TempDir Path dir) throws IOException {
        assertThat(plan(dir, "bcast eth0\nucast eth1 192.168.7.1\nmcast eth3 239.0.0.43 694 1 0\n")).containsExactly(
                "eth0 (bcast): 10.79.0.1:694, the primary address of eth0",
                "eth3 (mcast): cannot bind: interface eth3: Device \"eth3\" does not exist.",
                "eth1 (ucast): cannot bind: interface eth1 has no IPv4 address of this node's own to bind the link "
                        + "to (addresses: 192.168.7.5/24; managed by haresources: [10.79.0.100, 192.168.7.5])");
    }

    @Test
    void ucastLinesNamingThisNodeAreLeftOutAndGiveItsAddress(@TempDir Path dir) throws IOException {
        ClusterConfig config = site(dir, "ucast eth0 10.79.0.1\nucast eth0 10.79.0.2\nucast eth0 10.79.0.3\n");
        LinkPlan.Link link = LinkPlan.of(config, HOLDING_THE_GROUP, name -> List.of()).get(0);
        assertThat(link.describe()).isEqualTo(
                "eth0 (ucast): 10.79.0.1:694, the address ha.cf's ucast lines give this node on eth0");
        assertThat(link.unicastPeers()).containsExactly("10.79.0.2", "10.79.0.3");
    }

    @Test
    void theAddressesHaresourcesManagesBareOrTyped(@TempDir Path dir) throws IOException {
        assertThat(LinkPlan.managedAddresses(site(dir, "bcast eth0\n").groups()))
                .extracting(InetAddress::getHostAddress).containsExactlyInAnyOrder("10.79.0.100", "192.168.7.5");
    }

    /** The packaged launcher sets the option unless ha.cf has an IPv6 medium; where it is set anyway, start refuses. */
    @Test
    void anIpv6MediumInAJvmStartedIpv4OnlyCannotBindAndSaysWhy(@TempDir Path dir) throws IOException {
        String media = "bcast eth0\nucast6 eth0 fd00::2\n";
        String before = System.getProperty(LinkPlan.IPV4_ONLY);
        System.setProperty(LinkPlan.IPV4_ONLY, "true");
        try {
            assertThat(plan(dir, media)).containsExactly("eth0/bcast: 10.79.0.1:694, the primary address of eth0",
                    "eth0/ucast6: cannot bind: " + dir.resolve("ha.cf") + ":3: an IPv6 medium needs IPv6 sockets, "
                            + "and this JVM was started with -Djava.net.preferIPv4Stack=true, which allows IPv4 only; "
                            + "the jheartbeat launcher leaves that option out when ha.cf has an mcast6 or ucast6 "
                            + "line: remove it where it was added");
        } finally {
            if (before == null) {
                System.clearProperty(LinkPlan.IPV4_ONLY);
            } else {
                System.setProperty(LinkPlan.IPV4_ONLY, before);
            }
        }
        assertThat(plan(dir, media).get(1)).as("with IPv6 sockets, the interface's lack of an IPv6 address is all")
                .contains("interface eth0 has no IPv6 address of this node's own");
    }

    /** Membership, the status, the metrics and the split watch keep each link's state by its name. */
    @Test
    void mediaSharingAnInterfaceAreNamedByInterfaceAndDirectiveAndEveryNameIsUnique(@TempDir Path dir)
            throws IOException {
        ClusterConfig config = site(dir, "bcast eth0\nucast eth0 10.79.0.2\nmcast eth0 239.0.0.43 694 1 0\n"
                + "mcast eth0 239.0.0.44 695 1 0\nbcast eth1\nucast eth0 10.79.0.3\n");
        List<LinkPlan.Link> links = LinkPlan.of(config, HOLDING_THE_GROUP, name -> List.of());
        assertThat(links).extracting(LinkPlan.Link::name)
                .containsExactly("eth0/bcast", "eth0/mcast", "eth0/mcast-2", "eth1", "eth0/ucast");
        assertThat(links.get(0).describe()).isEqualTo("eth0/bcast: 10.79.0.1:694, the primary address of eth0");
        assertThat(links).as("one socket per address and port: the later links on 10.79.0.1:694 are left out")
                .extracting(link -> link.boundBy().orElse("-"))
                .containsExactly("-", "eth0/bcast", "-", "-", "eth0/bcast");
        assertThat(links.get(4).describe()).isEqualTo("eth0/ucast: left out: 10.79.0.1:694 is bound by eth0/bcast"
                + " already, and one socket cannot serve two links; eth0/bcast carries the cluster on eth0 (heartbeat"
                + " runs both: give this medium another interface or port)");
        assertThat(links.get(4).unicastPeers()).as("the ucast lines of one interface still make one link")
                .containsExactly("10.79.0.2", "10.79.0.3");
        assertThat(links).extracting(link -> LinkPlan.interfaceOf(link.name()))
                .containsExactly("eth0", "eth0", "eth0", "eth1", "eth0");
    }

    @Test
    void ucastAndUcast6OnOneInterfaceCannotMakeItsOneLink(@TempDir Path dir) throws IOException {
        assertThat(plan(dir, "ucast eth0 10.79.0.2\nucast6 eth0 fd00::2\n")).containsExactly("eth0 (ucast): cannot "
                + "bind: ucast and ucast6 lines on one interface ([" + dir.resolve("ha.cf") + ":2, " + dir.resolve("ha.cf")
                + ":3]): its ucast lines make one link, bound to one address; put the IPv6 peers on another interface");
    }
}
