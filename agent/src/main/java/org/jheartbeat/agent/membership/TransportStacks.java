package org.jheartbeat.agent.membership;

import com.google.common.base.Ticker;
import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.Medium;

/**
 * The JGroups stack of one ha.cf medium, bottom first. Every medium is {@link AuthenticatedUdp} on its interface's
 * address and its port, with nothing else listening: all of a medium's traffic, discovery and failure detection
 * included, travels on that one port, as heartbeat's does, so the firewall rule a heartbeat site has (udp/udpport
 * between the nodes) is all jheartbeat needs. The media differ in how members find each other:
 * <ul>
 *   <li>{@code bcast IFACE}: group messages, discovery among them, go as UDP broadcasts to the interface's
 *       broadcast address (PING through the transport), as heartbeat's broadcast heartbeats reached every node of
 *       the segment; replies and retransmissions as unicasts;</li>
 *   <li>{@code mcast IFACE GROUP PORT TTL LOOP}: IP multicast to the group, with that port and TTL (PING);</li>
 *   <li>{@code ucast IFACE PEER}: unicast only, to the peers the ucast lines name (TCPPING, which despite its name
 *       sends UDP here: it only lists where to look).</li>
 * </ul>
 * Every keepalive the transport sends a sign of life of its own to every node of the medium, whatever JGroups' views
 * say ({@link AuthenticatedUdp#liveness}). A silent node is dead once it has been silent for deadtime
 * ({@link DeadtimeDetector}, right above the transport so that every packet counts), whatever stopped it (power, cable,
 * crash), as heartbeat declares it; a node that leaves cleanly says goodbye (GMS' leave, sealed like everything else)
 * and is gone at once. A member silent for warntime is logged before that ({@link LateHeartbeatWarning}).
 * FRAG2 sits below GMS, so views and join responses of large clusters are fragmented too and every datagram stays
 * within {@link PacketSeal#MAX_PAYLOAD}.
 */
public final class TransportStacks {

    /** Well below {@link PacketSeal#MAX_PAYLOAD}: a fragment's headers must fit beside it. */
    static final int FRAGMENT_SIZE = 1000;
    /** MERGE3's shortest and longest pause between the announcements of a member's view. */
    private static final long MERGE_MIN_INTERVAL_MS = 1000;
    private static final long MERGE_MAX_INTERVAL_MS = 3000;
    /**
     * How often MERGE3 compares the views announced to it, as JGroups derives it from the longest pause (1.6 times
     * it): two sides that hear each other again merge at one of these checks.
     */
    public static final Duration MERGE_CHECK_INTERVAL = Duration.ofMillis(MERGE_MAX_INTERVAL_MS * 16 / 10);
    /**
     * How often NAKACK2 asks a sender again for a multicast missing from its sequence. After a merge, what a node sends
     * as soon as it has installed the merged view (the coordinator's request for every member's state) reaches members
     * that have not installed it yet, which drop it as from a non-member; everything the sender multicasts after it
     * waits behind the gap until it is sent again. At JGroups' default of 1 s the coordinator decided 1.2-1.6 s after
     * the merge, each time such a drop happened.
     */
    private static final long RETRANSMIT_INTERVAL_MS = 200;

    private TransportStacks() {
    }

    /**
     * @param link         the link's name, as its log lines and the status show it ({@link LinkPlan})
     * @param bind         the node's own address on the medium's interface ({@link LinkAddress}), which the link binds
     * @param unicastPeers for a ucast medium, the other nodes' addresses
     * @param threads      what each of the stack's threads does first
     */
    public static List<Protocol> forMedium(String link, Medium medium, InterfaceAddress bind, List<String> unicastPeers,
                                           FailureDetection detection, LinkGuard guard, HeartbeatThreads threads) {
        AuthenticatedUdp transport = new AuthenticatedUdp().guard(guard);
        transport.setThreadFactory(new PreparedThreadFactory(threads));
        transport.setBindAddress(bind.address());
        transport.setBindPort(medium.port());
        transport.setPortRange(0);
        transport.getThreadPool().setMinThreads(0).setMaxThreads(8);
        List<InetSocketAddress> everyNode = new ArrayList<>();
        Protocol discovery;
        if (medium instanceof Medium.Multicast multicast) {
            transport.setMulticasting(true);
            transport.setMulticastAddress(literal(multicast.group()));
            transport.setMulticastPort(multicast.port());
            transport.setMulticastTTL(multicast.ttl());
            everyNode.add(new InetSocketAddress(literal(multicast.group()), multicast.port()));
            discovery = new PING();
        } else {
            transport.setMulticasting(false);
            if (medium instanceof Medium.Broadcast) {
                transport.broadcastTo(broadcastAddress(bind));
                everyNode.add(new InetSocketAddress(broadcastAddress(bind), medium.port()));
                discovery = new PING();
            } else {
                List<InetSocketAddress> hosts = new ArrayList<>();
                for (String peer : unicastPeers) {
                    hosts.add(new InetSocketAddress(literal(peer), medium.port()));
                }
                discovery = new TCPPING().setInitialHosts(hosts).setPortRange(0);
                hosts.stream().filter(host -> !host.getAddress().equals(bind.address())).forEach(everyNode::add);
            }
        }
        transport.liveness(detection.heartbeatInterval(), everyNode);
        List<Protocol> stack = new ArrayList<>(List.of(transport,
                new LateHeartbeatWarning(link, detection.warntime(), Ticker.systemTicker())));
        stack.addAll(aboveTransport(new DeadtimeDetector(detection, Ticker.systemTicker()), discovery));
        return stack;
    }

    /**
     * Everything above the transport (and above what sits right on it: the late-heartbeat warning, a test's cut),
     * bottom first: the failure detector, then discovery and the rest.
     */
    public static List<Protocol> aboveTransport(DeadtimeDetector detector, Protocol discovery) {
        List<Protocol> layers = new ArrayList<>(List.of(detector, discovery));
        layers.add(new MERGE3().setMinInterval(MERGE_MIN_INTERVAL_MS).setMaxInterval(MERGE_MAX_INTERVAL_MS));
        layers.add(new NAKACK2().setMaxXmitReqSize(FRAGMENT_SIZE).setXmitInterval(RETRANSMIT_INTERVAL_MS));
        layers.add(new UNICAST3().setMaxXmitReqSize(FRAGMENT_SIZE));
        layers.add(new STABLE());
        layers.add(new FRAG2().setFragSize(FRAGMENT_SIZE));
        layers.add(new GMS().setJoinTimeout(500));
        return layers;
    }

    /**
     * The bound address's IPv4 broadcast address; where none is set ({@code ip addr add A/24} without {@code brd +}
     * leaves none), the one its prefix implies.
     */
    static InetAddress broadcastAddress(InterfaceAddress bind) {
        if (!(bind.address() instanceof Inet4Address address)) {
            throw new IllegalStateException(bind.literal() + " is no IPv4 address: bcast needs one (use ucast6 or "
                    + "mcast6 on IPv6)");
        }
        return bind.broadcast().filter(broadcast -> !broadcast.isAnyLocalAddress())
                .orElseGet(() -> impliedBroadcast(address, bind.prefixLength()));
    }

    static InetAddress impliedBroadcast(Inet4Address address, int prefixLength) {
        int host = prefixLength >= 32 ? 0 : -1 >>> prefixLength;
        return InetAddresses.fromInteger(InetAddresses.coerceToInteger(address) | host);
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + address + ": " + e.getMessage(), e);
        }
    }
}
