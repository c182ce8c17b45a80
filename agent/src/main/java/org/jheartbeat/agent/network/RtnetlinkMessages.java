package org.jheartbeat.agent.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.host.Network.NewAddress;

/**
 * The rtnetlink messages the agent's {@link LinuxNetwork} sends and reads (netlink(7), rtnetlink(7)): requests to
 * list the links and the addresses, to add and to delete one address, and the kernel's answers. Headers and numbers
 * are in this machine's byte order, as netlink has them; attributes are padded to four bytes. Pure: the socket is
 * elsewhere ({@link NetlinkSocket}).
 */
final class RtnetlinkMessages {

    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int HEADER_BYTES = 16;
    private static final int IFINFOMSG_BYTES = 16;
    private static final int IFADDRMSG_BYTES = 8;
    private static final int ATTRIBUTE_HEADER_BYTES = 4;

    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_LABEL = 3;
    private static final int IFA_BROADCAST = 4;
    private static final int IFA_FLAGS = 8;

    static final int IFA_F_NODAD = 0x02;
    static final int IFA_F_DADFAILED = 0x08;
    static final int IFA_F_TENTATIVE = 0x40;

    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RT_SCOPE_HOST = 254;

    private RtnetlinkMessages() {
    }

    /** One message of a datagram: its header's type, flags and sequence number, and what follows the header. */
    record Message(int type, int flags, int sequence, byte[] payload) {
    }

    /** A link as RTM_NEWLINK describes it. */
    record Link(int index, String name, String mac) {
    }

    /** An address as RTM_NEWADDR describes it. */
    record Address(int linkIndex, InetAddress address, int prefixLength, Optional<String> label, int flags) {
    }

    static byte[] listLinks(int sequence) {
        return message(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, sequence, new byte[IFINFOMSG_BYTES], List.of());
    }

    static byte[] listAddresses(int sequence) {
        return message(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, sequence, addressHeader(AF_UNSPEC, 0, 0, 0, 0),
                List.of());
    }

    /**
     * As {@code ip addr add} sends it, byte for byte: local and peer address both the address itself, the scope host
     * for a loopback address and global otherwise, and an error rather than a change when the address is there
     * already.
     */
    static byte[] addAddress(int sequence, int linkIndex, NewAddress address) {
        // No lambdas or string concatenation here: a takeover's first add would wait for the JVM to link them.
        InetAddress ip = address.address();
        int flags = address.skipDuplicateDetection() ? IFA_F_NODAD : 0;
        List<byte[]> attributes = new ArrayList<>(List.of(attribute(IFA_LOCAL, ip.getAddress())));
        if (address.broadcast().isPresent()) {
            attributes.add(attribute(IFA_BROADCAST, address.broadcast().get().getAddress()));
        }
        if (address.label().isPresent()) {
            attributes.add(attribute(IFA_LABEL, cString(address.label().get())));
        }
        attributes.add(attribute(IFA_ADDRESS, ip.getAddress()));
        int scope = ip.isLoopbackAddress() ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
        return message(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sequence,
                addressHeader(family(ip), address.prefixLength(), flags, scope, linkIndex), attributes);
    }

    /** As {@code ip addr del} sends it, byte for byte. */
    static byte[] deleteAddress(int sequence, int linkIndex, InetAddress address, int prefixLength) {
        return message(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, sequence,
                addressHeader(family(address), prefixLength, 0, 0, linkIndex),
                List.of(attribute(IFA_LOCAL, address.getAddress()), attribute(IFA_ADDRESS, address.getAddress())));
    }

    /**
     * The messages of one datagram as the kernel sent it.
     *
     * @throws IllegalArgumentException when a length runs past the datagram
     */
    static List<Message> parse(byte[] datagram, int length) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<Message> messages = new ArrayList<>();
        while (buffer.remaining() >= HEADER_BYTES) {
            int start = buffer.position();
            int messageLength = buffer.getInt();
            if (messageLength < HEADER_BYTES || messageLength > length - start) {
                throw new IllegalArgumentException("netlink message of " + messageLength + " bytes at offset " + start
                        + " of a " + length + "-byte datagram");
            }
            int type = Short.toUnsignedInt(buffer.getShort());
            int flags = Short.toUnsignedInt(buffer.getShort());
            int sequence = buffer.getInt();
            buffer.getInt();
            byte[] payload = new byte[messageLength - HEADER_BYTES];
            buffer.get(payload);
            messages.add(new Message(type, flags, sequence, payload));
            buffer.position(Math.min(length, start + aligned(messageLength)));
        }
        return messages;
    }

    /** NLMSG_ERROR's code as a positive errno; 0 is the kernel's acknowledgement. */
    static int errno(Message error) {
        return -ByteBuffer.wrap(error.payload()).order(ByteOrder.nativeOrder()).getInt();
    }

    static Link link(Message message) {
        ByteBuffer payload = ByteBuffer.wrap(message.payload()).order(ByteOrder.nativeOrder());
        payload.position(4);
        int index = payload.getInt();
        payload.position(IFINFOMSG_BYTES);
        String name = "";
        String mac = "";
        for (Attribute attribute : attributes(payload)) {
            if (attribute.type() == IFLA_IFNAME) {
                name = fromCString(attribute.data());
            } else if (attribute.type() == IFLA_ADDRESS) {
                mac = HexFormat.ofDelimiter(":").formatHex(attribute.data());
            }
        }
        return new Link(index, name, mac);
    }

    /**
     * The address is IFA_LOCAL where there is one (IPv4), else IFA_ADDRESS (IPv6); IFA_FLAGS, where the kernel sends
     * it, holds every flag, the header only the low eight.
     */
    static Address address(Message message) {
        ByteBuffer payload = ByteBuffer.wrap(message.payload()).order(ByteOrder.nativeOrder());
        int prefixLength = Byte.toUnsignedInt(payload.get(1));
        int flags = Byte.toUnsignedInt(payload.get(2));
        int index = payload.getInt(4);
        payload.position(IFADDRMSG_BYTES);
        byte[] local = null;
        byte[] peer = null;
        Optional<String> label = Optional.empty();
        for (Attribute attribute : attributes(payload)) {
            switch (attribute.type()) {
                case IFA_LOCAL -> local = attribute.data();
                case IFA_ADDRESS -> peer = attribute.data();
                case IFA_LABEL -> label = Optional.of(fromCString(attribute.data()));
                case IFA_FLAGS -> flags = ByteBuffer.wrap(attribute.data()).order(ByteOrder.nativeOrder()).getInt();
                default -> { }
            }
        }
        byte[] raw = local != null ? local : peer;
        if (raw == null) {
            throw new IllegalArgumentException("address message of link " + index + " without an address");
        }
        try {
            return new Address(index, InetAddress.getByAddress(raw), prefixLength, label, flags);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address message of link " + index + " with a " + raw.length
                    + "-byte address", e);
        }
    }

    private record Attribute(int type, byte[] data) {
    }

    private static List<Attribute> attributes(ByteBuffer buffer) {
        List<Attribute> attributes = new ArrayList<>();
        while (buffer.remaining() >= ATTRIBUTE_HEADER_BYTES) {
            int start = buffer.position();
            int length = Short.toUnsignedInt(buffer.getShort());
            int type = Short.toUnsignedInt(buffer.getShort());
            if (length < ATTRIBUTE_HEADER_BYTES || length > buffer.limit() - start) {
                throw new IllegalArgumentException("netlink attribute " + type + " of " + length + " bytes at offset "
                        + start + " runs past its message");
            }
            byte[] data = new byte[length - ATTRIBUTE_HEADER_BYTES];
            buffer.get(data);
            // The type's top two bits are flags (nested, network byte order).
            attributes.add(new Attribute(type & 0x3fff, data));
            buffer.position(Math.min(buffer.limit(), start + aligned(length)));
        }
        return attributes;
    }

    private static byte[] message(int type, int flags, int sequence, byte[] header, List<byte[]> attributes) {
        int length = HEADER_BYTES + header.length + attributes.stream().mapToInt(attribute -> attribute.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        buffer.putInt(length).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
        buffer.put(header);
        attributes.forEach(buffer::put);
        return buffer.array();
    }

    private static byte[] addressHeader(int family, int prefixLength, int flags, int scope, int linkIndex) {
        return ByteBuffer.allocate(IFADDRMSG_BYTES).order(ByteOrder.nativeOrder()).put((byte) family)
                .put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(linkIndex).array();
    }

    /** One attribute, padded to its four-byte boundary. */
    private static byte[] attribute(int type, byte[] data) {
        int length = ATTRIBUTE_HEADER_BYTES + data.length;
        return ByteBuffer.allocate(aligned(length)).order(ByteOrder.nativeOrder()).putShort((short) length)
                .putShort((short) type).put(data).array();
    }

    private static int family(InetAddress address) {
        return address instanceof Inet4Address ? AF_INET : AF_INET6;
    }

    private static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        return terminated;
    }

    private static String fromCString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.US_ASCII);
    }

    static int aligned(int length) {
        return (length + 3) & ~3;
    }
}
