package org.jheartbeat.agent.membership;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jgroups.Address;
import org.jgroups.protocols.PerDestinationBundler;
import org.jgroups.protocols.UDP;
import org.jgroups.stack.IpAddress;

/**
 * JGroups' UDP transport as heartbeat uses the network: every byte of a link on its one port (udpport, or an mcast
 * line's port), every datagram sealed on its way out and opened before JGroups reads it ({@link PacketSeal}).
 *
 * <p>Why a transport and not a protocol above it: JGroups' transport parses every datagram (version, flags,
 * message headers, batches) before the first protocol sees a message, so authentication above it comes after
 * unauthenticated bytes were read; and a discovery protocol with a socket of its own (BPING) is read without it.
 * Here {@link #receive} opens the raw datagram first, and discovery travels through this transport: on a
 * {@code bcast} medium every group message, discovery included, is one datagram to the interface's broadcast
 * address, as heartbeat's broadcast heartbeats are, heard by a second socket bound to that broadcast address on
 * the same port (a socket bound to the node's own address does not receive broadcasts).
 */
public final class AuthenticatedUdp extends UDP {

    private PacketSeal seal;
    private InetAddress broadcast;
    private byte[] self;
    private DatagramSocket broadcastSocket;
    private PacketReceiver broadcastReceiver;

    public AuthenticatedUdp() {
        setBundler(new PerDestinationBundler().setMaxSize(PacketSeal.MAX_PAYLOAD));
    }

    /** The seal of this link; a stack file's transport gets it after JGroups made it from the XML. */
    public AuthenticatedUdp seal(PacketSeal linkSeal) {
        this.seal = linkSeal;
        return this;
    }

    public PacketSeal seal() {
        return seal;
    }

    /** Sends every group message to {@code address} (the interface's broadcast address) and listens there too. */
    public AuthenticatedUdp broadcastTo(InetAddress address) {
        this.broadcast = address;
        return this;
    }

    @Override
    protected void createSockets() throws Exception {
        if (seal == null) {
            throw new IllegalStateException("AuthenticatedUdp has no packet seal: a link builds it with one");
        }
        super.createSockets();
        self = encode(sock.getLocalAddress(), sock.getLocalPort());
        if (broadcast != null) {
            sock.setBroadcast(true);
            broadcastSocket = new DatagramSocket(null);
            // Any other socket bound to the broadcast address hears the same broadcasts; sharing it harms nothing.
            broadcastSocket.setReuseAddress(true);
            broadcastSocket.setReceiveBufferSize(getUcastRecvBufSize());
            try {
                broadcastSocket.bind(new InetSocketAddress(broadcast, sock.getLocalPort()));
            } catch (IOException e) {
                broadcastSocket.close();
                throw new IOException("cannot listen on broadcast address " + broadcast.getHostAddress() + ":"
                        + sock.getLocalPort() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (broadcastSocket != null) {
            broadcastReceiver = new PacketReceiver(broadcastSocket, "bcast-receiver");
        }
    }

    @Override
    protected void startThreads() throws Exception {
        super.startThreads();
        if (broadcastReceiver != null) {
            broadcastReceiver.start();
        }
    }

    @Override
    protected void stopThreads() {
        if (broadcastReceiver != null) {
            broadcastReceiver.stop();
        }
        super.stopThreads();
    }

    @Override
    protected void destroySockets() {
        if (broadcastSocket != null) {
            broadcastSocket.close();
        }
        super.destroySockets();
    }

    @Override
    public void sendToAll(byte[] data, int offset, int length) throws Exception {
        if (broadcast != null) {
            _send(broadcast, sock.getLocalPort(), data, offset, length);
        } else {
            super.sendToAll(data, offset, length);
        }
    }

    @Override
    protected void _send(InetAddress dest, int port, byte[] data, int offset, int length) throws Exception {
        byte[] sealed = seal.seal(self, data, offset, length);
        if (sealed.length > PacketSeal.MAX_DATAGRAM) {
            // Peers would refuse it unread: a message JGroups did not fragment, which the stack must prevent.
            log.error("%s: not sending a %d-byte datagram to %s: larger than the %d bytes peers accept",
                    local_addr, sealed.length, dest, PacketSeal.MAX_DATAGRAM);
            return;
        }
        super._send(dest, port, sealed, 0, sealed.length);
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        if (sender.equals(local_physical_addr)) {
            return; // our own broadcast or multicast, looped back
        }
        IpAddress source = (IpAddress) sender;
        PacketSeal.Opened opened = seal.open(sender, encode(source.getIpAddress(), source.getPort()), data, offset,
                length);
        if (opened != null) {
            super.receive(sender, data, opened.offset(), opened.length());
        }
    }

    private static byte[] encode(InetAddress address, int port) {
        byte[] ip = address.getAddress();
        return ByteBuffer.allocate(ip.length + 2).put(ip).putShort((short) port).array();
    }
}
