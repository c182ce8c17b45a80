package org.jheartbeat.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.network.RtnetlinkMessages.Message;
import org.jheartbeat.resource.host.Network.NewAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests are built byte for byte as iproute2 6.1 sends them, and the kernel's recorded answers read as
 * {@code ip -j addr show} printed them ({@link RtnetlinkRecording}). The recordings are little-endian, as netlink is
 * on the machines they were made on.
 */
class RtnetlinkMessagesTest {

    private static final int SEQUENCE_OFFSET = 8;
    private static final int LINK_INDEX_OFFSET = 20;

    @BeforeEach
    void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "recorded on a little-endian machine");
    }

    @Test
    void addingAnIpv4AddressWithBroadcastAndLabelIsWhatIpSends() throws Exception {
        byte[] recorded = RtnetlinkRecording.datagram("add-ipv4");

        byte[] built = RtnetlinkMessages.addAddress(RtnetlinkRecording.intAt(recorded, SEQUENCE_OFFSET),
                RtnetlinkRecording.intAt(recorded, LINK_INDEX_OFFSET), new NewAddress(
                        InetAddress.getByName("10.79.0.100"), 24, "d0", Optional.of("d0:0"),
                        Optional.of(InetAddress.getByName("10.79.0.255")), false));

        assertThat(HexFormat.of().formatHex(built)).isEqualTo(HexFormat.of().formatHex(recorded));
    }

    @Test
    void addingAnIpv6AddressWithoutDuplicateDetectionIsWhatIpSends() throws Exception {
        byte[] recorded = RtnetlinkRecording.datagram("add-ipv6-nodad");

        byte[] built = RtnetlinkMessages.addAddress(RtnetlinkRecording.intAt(recorded, SEQUENCE_OFFSET),
                RtnetlinkRecording.intAt(recorded, LINK_INDEX_OFFSET), new NewAddress(
                        InetAddress.getByName("fd79::100"), 64, "d0", Optional.empty(), Optional.empty(), true));

        assertThat(HexFormat.of().formatHex(built)).isEqualTo(HexFormat.of().formatHex(recorded));
    }

    @Test
    void deletingAnAddressIsWhatIpSends() throws Exception {
        byte[] recorded = RtnetlinkRecording.datagram("delete-ipv4");

        byte[] built = RtnetlinkMessages.deleteAddress(RtnetlinkRecording.intAt(recorded, SEQUENCE_OFFSET),
                RtnetlinkRecording.intAt(recorded, LINK_INDEX_OFFSET), InetAddress.getByName("10.79.0.100"), 24);

        assertThat(HexFormat.of().formatHex(built)).isEqualTo(HexFormat.of().formatHex(recorded));
    }

    @Test
    void listingRequestsAskForADumpOfEveryFamily() {
        Message links = RtnetlinkMessages.parse(RtnetlinkMessages.listLinks(7), 32).get(0);
        Message addresses = RtnetlinkMessages.parse(RtnetlinkMessages.listAddresses(8), 24).get(0);

        assertThat(links).extracting(Message::type, Message::flags, Message::sequence)
                .containsExactly(RtnetlinkMessages.RTM_GETLINK, 0x301, 7);
        assertThat(links.payload()).containsOnly(0);
        assertThat(addresses).extracting(Message::type, Message::flags, Message::sequence)
                .containsExactly(RtnetlinkMessages.RTM_GETADDR, 0x301, 8);
        assertThat(addresses.payload()).hasSize(8).containsOnly(0);
    }

    @Test
    void theKernelsListingReadsAsIpPrintedIt() {
        Map<Integer, String> links = new LinkedHashMap<>();
        Map<Integer, List<String>> addresses = new LinkedHashMap<>();
        for (byte[] datagram : RtnetlinkRecording.datagrams("listing")) {
            for (Message message : RtnetlinkMessages.parse(datagram, datagram.length)) {
                if (message.type() == RtnetlinkMessages.RTM_NEWLINK) {
                    RtnetlinkMessages.Link link = RtnetlinkMessages.link(message);
                    links.put(link.index(), link.name() + " " + link.mac());
                } else if (message.type() == RtnetlinkMessages.RTM_NEWADDR) {
                    RtnetlinkMessages.Address address = RtnetlinkMessages.address(message);
                    addresses.computeIfAbsent(address.linkIndex(), index -> new ArrayList<>()).add(
                            RtnetlinkRecording.describe(address.address().getHostAddress(), address.prefixLength(),
                                    address.label(), (address.flags() & RtnetlinkMessages.IFA_F_TENTATIVE) != 0,
                                    (address.flags() & RtnetlinkMessages.IFA_F_DADFAILED) != 0));
                }
            }
        }

        List<String> read = links.entrySet().stream()
                .map(link -> link.getValue() + " " + addresses.getOrDefault(link.getKey(), List.of())).toList();
        assertThat(read).containsExactlyElementsOf(RtnetlinkRecording.printedInterfaces());
        assertThat(read).anyMatch(line -> line.contains("tentative")).anyMatch(line -> line.contains("label d0:0"));
    }

    @Test
    void anErrorCarriesTheErrnoAndAnAcknowledgementZero() {
        byte[] refused = error(9, -17);
        byte[] acknowledged = error(10, 0);

        assertThat(RtnetlinkMessages.errno(RtnetlinkMessages.parse(refused, refused.length).get(0))).isEqualTo(17);
        assertThat(RtnetlinkMessages.errno(RtnetlinkMessages.parse(acknowledged, acknowledged.length).get(0)))
                .isZero();
    }

    @Test
    void aLengthPastTheDatagramIsRefusedNamingWhere() {
        byte[] datagram = error(1, 0);
        ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).putInt(0, 400);

        assertThatThrownBy(() -> RtnetlinkMessages.parse(datagram, datagram.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("netlink message of 400 bytes at offset 0 of a 36-byte datagram");
    }

    @Test
    void anAttributePastItsMessageIsRefused() {
        byte[] recorded = RtnetlinkRecording.datagram("add-ipv4");
        ByteBuffer.wrap(recorded).order(ByteOrder.nativeOrder()).putShort(24, (short) 200);
        Message message = RtnetlinkMessages.parse(recorded, recorded.length).get(0);

        assertThatThrownBy(() -> RtnetlinkMessages.address(message)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs past its message");
    }

    /** NLMSG_ERROR as the kernel sends it: the code, then the refused request's header. */
    static byte[] error(int sequence, int code) {
        return ByteBuffer.allocate(36).order(ByteOrder.nativeOrder()).putInt(36)
                .putShort((short) RtnetlinkMessages.NLMSG_ERROR).putShort((short) 0).putInt(sequence).putInt(0)
                .putInt(code).putInt(16).putShort((short) RtnetlinkMessages.RTM_NEWADDR).putShort((short) 0x605)
                .putInt(sequence).putInt(0).array();
    }
}
