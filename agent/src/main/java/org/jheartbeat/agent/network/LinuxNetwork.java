package org.jheartbeat.agent.network;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jheartbeat.agent.network.RtnetlinkMessages.Message;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network;

/**
 * {@link Network} of one network namespace, through rtnetlink ({@link NetlinkSocket}) and a packet socket, both
 * opened by {@link #open} in the calling thread's namespace and kept: the agent's own in production, for its life; a
 * simulated node's in tests that open it from a thread that entered that node's namespace, and close it with the
 * node. One request at a time.
 */
public final class LinuxNetwork implements Network, Closeable {

    /** The kernel answers at once; only a kernel gone wrong makes a request wait this long. */
    private static final Duration KERNEL_WAIT = Duration.ofSeconds(5);
    /** A dump datagram is at most a page or two; this leaves room for any. */
    private static final int RECEIVE_BYTES = 64 * 1024;

    private static LinuxNetwork ofThisProcess;

    private final Datagrams netlink;
    private final Optional<PacketSocket> packets;
    private final String packetsUnavailable;
    private final byte[] received = new byte[RECEIVE_BYTES];
    private int sequence;

    LinuxNetwork(Datagrams netlink, Optional<PacketSocket> packets, String packetsUnavailable) {
        this.netlink = netlink;
        this.packets = packets;
        this.packetsUnavailable = packetsUnavailable;
    }

    /**
     * Opens both sockets in the calling thread's network namespace. A packet socket that cannot be had (no
     * CAP_NET_RAW) leaves {@link #send} failing with the reason; a netlink socket that cannot be had fails here.
     */
    public static LinuxNetwork open() throws IOException {
        NetlinkSocket netlink = NetlinkSocket.open(KERNEL_WAIT);
        try {
            return new LinuxNetwork(netlink, Optional.of(PacketSocket.open()), "");
        } catch (IOException e) {
            return new LinuxNetwork(netlink, Optional.empty(), e.getMessage());
        }
    }

    /**
     * The network of this process's own namespace, opened at the first call and shared from then on by every agent
     * the process assembles (one in production; every simulated node of an in-JVM cluster).
     */
    public static synchronized LinuxNetwork ofThisProcess() throws IOException {
        if (ofThisProcess == null) {
            ofThisProcess = open();
        }
        return ofThisProcess;
    }

    @Override
    public synchronized List<NetInterface> interfaces() throws IOException {
        Map<Integer, RtnetlinkMessages.Link> links = links();
        Map<Integer, List<NetInterface.Address>> addresses = new LinkedHashMap<>();
        int asked = ++sequence;
        for (RtnetlinkMessages.Address address : dump(asked, RtnetlinkMessages.listAddresses(asked),
                RtnetlinkMessages.RTM_NEWADDR, RtnetlinkMessages::address, "list the addresses")) {
            addresses.computeIfAbsent(address.linkIndex(), index -> new ArrayList<>()).add(new NetInterface.Address(
                    address.address(), address.prefixLength(), address.label(),
                    (address.flags() & RtnetlinkMessages.IFA_F_TENTATIVE) != 0,
                    (address.flags() & RtnetlinkMessages.IFA_F_DADFAILED) != 0));
        }
        return links.values().stream().map(link -> new NetInterface(link.name(), link.mac(),
                addresses.getOrDefault(link.index(), List.of()))).toList();
    }

    @Override
    public synchronized void add(NewAddress address) throws IOException {
        int index = indexOf(address.device(), "add", address);
        int asked = ++sequence;
        exchange(asked, RtnetlinkMessages.addAddress(asked, index, address), "add", address);
    }

    @Override
    public synchronized void delete(InetAddress address, int prefixLength, String device) throws IOException {
        Removal removal = new Removal(address, prefixLength, device);
        int index = indexOf(device, "delete", removal);
        int asked = ++sequence;
        exchange(asked, RtnetlinkMessages.deleteAddress(asked, index, address, prefixLength), "delete", removal);
    }

    @Override
    public synchronized void send(String device, List<byte[]> frames) throws IOException {
        if (packets.isEmpty()) {
            throw new IOException(packetsUnavailable);
        }
        packets.get().send(indexOf(device, "send frames on", device), device, frames);
    }

    /** What a delete asks for, as its error names it. */
    private record Removal(InetAddress address, int prefixLength, String device) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength + " dev " + device;
        }
    }

    private Map<Integer, RtnetlinkMessages.Link> links() throws IOException {
        Map<Integer, RtnetlinkMessages.Link> links = new LinkedHashMap<>();
        int asked = ++sequence;
        for (RtnetlinkMessages.Link link : dump(asked, RtnetlinkMessages.listLinks(asked),
                RtnetlinkMessages.RTM_NEWLINK, RtnetlinkMessages::link, "list the links")) {
            links.put(link.index(), link);
        }
        return links;
    }

    private int indexOf(String device, String verb, Object subject) throws IOException {
        for (RtnetlinkMessages.Link link : links().values()) {
            if (link.name().equals(device)) {
                return link.index();
            }
        }
        throw new IOException("cannot " + verb + " " + subject + ": no interface " + device + " here");
    }

    /** The answers of type {@code type} to a dump request, up to the kernel's NLMSG_DONE, each read by {@code read}. */
    private <T> List<T> dump(int asked, byte[] request, int type, Function<Message, T> read, String what)
            throws IOException {
        List<T> answers = new ArrayList<>();
        for (Message message : exchange(asked, request, what, null)) {
            if (message.type() == type) {
                try {
                    answers.add(read.apply(message));
                } catch (IllegalArgumentException e) {
                    throw new IOException("cannot " + what + ": the kernel's answer does not parse: "
                            + e.getMessage(), e);
                }
            }
        }
        return answers;
    }

    /**
     * Sends the request and reads the answers carrying its sequence number until the last one: NLMSG_DONE after a
     * dump, the acknowledgement after a change. Answers to an earlier request that timed out are skipped. The error's
     * text is put together only when there is one: a takeover's first request would otherwise wait for the JVM to
     * build its string concatenation the first time (tens of milliseconds, measured).
     *
     * @param subject what the request is about (an address), named after the verb in an error; null for none
     * @throws IOException naming the verb, the subject and the kernel's error
     */
    private List<Message> exchange(int asked, byte[] request, String verb, Object subject) throws IOException {
        netlink.send(request);
        List<Message> answers = new ArrayList<>();
        while (true) {
            List<Message> messages;
            try {
                messages = RtnetlinkMessages.parse(received, netlink.receive(received));
            } catch (IllegalArgumentException e) {
                throw new IOException(cannot(verb, subject) + ": the kernel's answer does not parse: " + e.getMessage(),
                        e);
            }
            for (Message message : messages) {
                if (message.sequence() != asked) {
                    continue;
                }
                if (message.type() == RtnetlinkMessages.NLMSG_ERROR) {
                    int errno = RtnetlinkMessages.errno(message);
                    if (errno != 0) {
                        throw new IOException(cannot(verb, subject) + ": the kernel answered "
                                + NetlinkSocket.describe(errno));
                    }
                    return answers;
                }
                if (message.type() == RtnetlinkMessages.NLMSG_DONE) {
                    return answers;
                }
                answers.add(message);
            }
        }
    }

    @Override
    public synchronized void close() {
        netlink.close();
        packets.ifPresent(PacketSocket::close);
    }

    private static String cannot(String verb, Object subject) {
        return "cannot " + verb + (subject == null ? "" : " " + subject);
    }
}
