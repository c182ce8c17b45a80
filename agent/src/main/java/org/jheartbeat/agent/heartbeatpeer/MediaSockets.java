package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.agent.config.Medium;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's media as heartbeat 3.0.6 writes to them: one unbound socket per medium, sending from an ephemeral port
 * (heartbeat's own write sockets are not bound to udpport either), to the interface's broadcast address for
 * {@code bcast}, to the group with the line's TTL and loop for {@code mcast}, to the named peer for {@code ucast}
 * (a line naming one of this machine's addresses is left out, as heartbeat's ucast plugin leaves it). The sockets
 * are opened at the first packet and again after a failure, which is logged once until a packet goes out again.
 */
public final class MediaSockets implements HeartbeatSpeaker.Media, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSockets.class);

    private final List<Medium> media;
    private final List<Target> targets = new ArrayList<>();
    private boolean failing;

    private record Target(DatagramSocket socket, InetSocketAddress destination) {
    }

    public MediaSockets(List<Medium> media) {
        this.media = List.copyOf(media);
    }

    @Override
    public synchronized void send(byte[] packet) {
        try {
            if (targets.isEmpty()) {
                open();
            }
            for (Target target : targets) {
                target.socket().send(new DatagramPacket(packet, packet.length, target.destination()));
            }
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                LOG.error("cannot send heartbeat packets on ha.cf's media: {}", e.getMessage());
            }
            failing = true;
            close();
        }
    }

    @Override
    public synchronized void close() {
        targets.forEach(target -> target.socket().close());
        targets.clear();
    }

    private void open() throws IOException {
        for (Medium medium : media) {
            NetworkInterface device = NetworkInterface.getByName(medium.device());
            if (device == null) {
                throw new IOException("no interface " + medium.device() + " (" + medium.location() + ")");
            }
            if (medium instanceof Medium.Broadcast) {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ipv4(device, medium).getAddress(),
                        0));
                socket.setBroadcast(true);
                targets.add(new Target(socket, new InetSocketAddress(broadcast(device, medium), medium.port())));
            } else if (medium instanceof Medium.Multicast multicast) {
                MulticastSocket socket = new MulticastSocket(0);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, device);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, multicast.ttl());
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, multicast.loop());
                targets.add(new Target(socket, new InetSocketAddress(InetAddress.getByName(multicast.group()),
                        multicast.port())));
            } else if (medium instanceof Medium.Unicast unicast) {
                InetAddress peer = InetAddress.getByName(unicast.peer());
                if (NetworkInterface.getByInetAddress(peer) == null) {
                    targets.add(new Target(new DatagramSocket(), new InetSocketAddress(peer, unicast.port())));
                }
            }
        }
    }

    private static InterfaceAddress ipv4(NetworkInterface device, Medium medium) throws IOException {
        return device.getInterfaceAddresses().stream().filter(address -> address.getAddress() instanceof Inet4Address)
                .findFirst().orElseThrow(() -> new IOException("interface " + medium.device() + " has no IPv4 address ("
                        + medium.location() + ")"));
    }

    private static InetAddress broadcast(NetworkInterface device, Medium medium) throws IOException {
        InetAddress broadcast = ipv4(device, medium).getBroadcast();
        if (broadcast == null) {
            throw new IOException("interface " + medium.device() + " has no broadcast address (" + medium.location()
                    + ")");
        }
        return broadcast;
    }
}
