package org.jheartbeat.resources.ipaddr;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One round of an IPv4 address's announcement as Ethernet frames: a gratuitous ARP request and a gratuitous ARP
 * reply, both from this interface's hardware address, for the address itself (sender and target), to the broadcast
 * address, as arping -U (and -U -P) send them and heartbeat's send_arp did; some neighbours heed only one of the two.
 */
final class ArpAnnouncement {

    static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int HARDWARE_ETHERNET = 1;
    private static final int REQUEST = 1;
    private static final int REPLY = 2;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private ArpAnnouncement() {
    }

    /** The request, then the reply. */
    static List<byte[]> round(byte[] hardwareAddress, Inet4Address address) {
        return List.of(frame(hardwareAddress, address, REQUEST), frame(hardwareAddress, address, REPLY));
    }

    private static byte[] frame(byte[] hardwareAddress, Inet4Address address, int operation) {
        if (hardwareAddress.length != 6) {
            throw new IllegalArgumentException("not an Ethernet address: " + hardwareAddress.length + " bytes");
        }
        byte[] protocolAddress = address.getAddress();
        return ByteBuffer.allocate(42)
                .put(BROADCAST).put(hardwareAddress).putShort((short) ETHERTYPE_ARP)
                .putShort((short) HARDWARE_ETHERNET).putShort((short) ETHERTYPE_IPV4).put((byte) 6).put((byte) 4)
                .putShort((short) operation)
                .put(hardwareAddress).put(protocolAddress)
                .put(BROADCAST).put(protocolAddress)
                .array();
    }
}
