package org.jheartbeat.agent.membership;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.BPING;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.PING;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.Medium;

/**
 * The JGroups stack of one ha.cf medium, bottom first. Every medium uses UDP on its interface's address and
 * heartbeat's port; they differ in how members find each other:
 * <ul>
 *   <li>{@code bcast IFACE}: discovery by UDP broadcast on the interface's subnet (BPING, port udpport+1),
 *       then unicast, as heartbeat's broadcast heartbeats reached every node of the segment;</li>
 *   <li>{@code mcast IFACE GROUP PORT TTL LOOP}: IP multicast to the group, with that port and TTL;</li>
 *   <li>{@code ucast IFACE PEER}: unicast only, to the peers the ucast lines name (TCPPING).</li>
 * </ul>
 * Crashed processes are noticed at once through FD_SOCK2 (TCP, port udpport+100); silent nodes after deadtime
 * through FD_ALL3 and VERIFY_SUSPECT2; a member silent for warntime is logged before that
 * ({@link LateHeartbeatWarning}). {@link MessageAuthentication} sits right above the transport.
 */
public final class TransportStacks {

    static final int DISCOVERY_PORT_OFFSET = 1;
    static final int FAILURE_DETECTION_PORT_OFFSET = 100;

    private TransportStacks() {
    }

    /**
     * @param unicastPeers for a ucast medium, the peer addresses of every ucast line on the same interface
     * @param threads      what each of the stack's threads does first
     */
    public static List<Protocol> forMedium(Medium medium, List<String> unicastPeers, FailureDetection detection,
                                           MessageAuthentication authentication, HeartbeatThreads threads) {
        return forMedium(medium, interfaceAddress(medium.device()), unicastPeers, detection, authentication, threads);
    }

    /** The same, bound to {@code address} rather than the medium's interface's first address. */
    public static List<Protocol> forMedium(Medium medium, InetAddress address, List<String> unicastPeers,
                                           FailureDetection detection, MessageAuthentication authentication,
                                           HeartbeatThreads threads) {
        UDP transport = new UDP();
        transport.setThreadFactory(new PreparedThreadFactory(threads));
        transport.setBindAddress(address);
        transport.setBindPort(medium.port());
        transport.setPortRange(0);
        transport.getThreadPool().setMinThreads(0).setMaxThreads(8);
        Protocol discovery;
        if (medium instanceof Medium.Multicast multicast) {
            transport.setMulticasting(true);
            transport.setMulticastAddress(literal(multicast.group()));
            transport.setMulticastPort(multicast.port());
            transport.setMulticastTTL(multicast.ttl());
            discovery = new PING();
        } else {
            transport.setMulticasting(false);
            if (medium instanceof Medium.Broadcast) {
                BPING broadcast = new BPING();
                broadcast.setBindPort(medium.port() + DISCOVERY_PORT_OFFSET);
                broadcast.setValue("dest", broadcastAddress(medium.device()).getHostAddress());
                discovery = broadcast;
            } else {
                List<InetSocketAddress> hosts = new ArrayList<>();
                for (String peer : unicastPeers) {
                    hosts.add(new InetSocketAddress(literal(peer), medium.port()));
                }
                discovery = new TCPPING().setInitialHosts(hosts).setPortRange(0);
            }
        }
        FD_SOCK2 crashDetection = new FD_SOCK2().setBindAddress(address).setOffset(FAILURE_DETECTION_PORT_OFFSET)
                .setPortRange(0);
        List<Protocol> stack = new ArrayList<>(List.of(transport, authentication,
                new LateHeartbeatWarning(medium.linkName(), detection.warntime(), Clock.systemUTC()), discovery));
        stack.addAll(upperLayers(detection, List.of(crashDetection)));
        return stack;
    }

    /** Everything above discovery; {@code extraDetectors} sit below FD_ALL3 (FD_SOCK2 on real networks). */
    public static List<Protocol> upperLayers(FailureDetection detection, List<Protocol> extraDetectors) {
        List<Protocol> layers = new ArrayList<>();
        layers.add(new MERGE3().setMinInterval(1000).setMaxInterval(3000));
        layers.addAll(extraDetectors);
        layers.add(new FD_ALL3().setInterval(detection.heartbeatInterval().toMillis())
                .setTimeout(detection.suspectTimeout().toMillis()));
        layers.add(new VERIFY_SUSPECT2().setTimeout(detection.verifyTimeout().toMillis()));
        layers.add(new NAKACK2());
        layers.add(new UNICAST3());
        layers.add(new STABLE());
        layers.add(new GMS().setJoinTimeout(500));
        layers.add(new FRAG2());
        return layers;
    }

    /** The interface's first IPv4 address (IPv6 for an interface that has only that). */
    static InetAddress interfaceAddress(String device) {
        NetworkInterface networkInterface = networkInterface(device);
        return networkInterface.getInterfaceAddresses().stream().map(InterfaceAddress::getAddress)
                .sorted((a, b) -> Boolean.compare(!(a instanceof Inet4Address), !(b instanceof Inet4Address)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("interface " + device + " has no address"));
    }

    /**
     * The interface's IPv4 broadcast address; where none is set ({@code ip addr add A/24} without {@code brd +}
     * leaves 0.0.0.0), the one its prefix implies.
     */
    static InetAddress broadcastAddress(String device) {
        for (InterfaceAddress address : networkInterface(device).getInterfaceAddresses()) {
            if (!(address.getAddress() instanceof Inet4Address)) {
                continue;
            }
            InetAddress broadcast = address.getBroadcast();
            if (broadcast != null && !broadcast.isAnyLocalAddress()) {
                return broadcast;
            }
            return impliedBroadcast((Inet4Address) address.getAddress(), address.getNetworkPrefixLength());
        }
        throw new IllegalStateException("interface " + device + " has no IPv4 address for bcast: use ucast or mcast "
                + "on it");
    }

    static InetAddress impliedBroadcast(Inet4Address address, int prefixLength) {
        int host = prefixLength >= 32 ? 0 : -1 >>> prefixLength;
        return InetAddresses.fromInteger(InetAddresses.coerceToInteger(address) | host);
    }

    private static NetworkInterface networkInterface(String device) {
        try {
            NetworkInterface networkInterface = NetworkInterface.getByName(device);
            if (networkInterface == null) {
                throw new IllegalStateException("no network interface " + device + " on this node");
            }
            return networkInterface;
        } catch (SocketException e) {
            throw new IllegalStateException("cannot read interface " + device + ": " + e.getMessage(), e);
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + address + ": " + e.getMessage(), e);
        }
    }
}
