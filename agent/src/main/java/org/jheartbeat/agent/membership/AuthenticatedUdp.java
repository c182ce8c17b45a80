package org.jheartbeat.agent.membership;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.protocols.PerDestinationBundler;
import org.jgroups.protocols.UDP;
import org.jgroups.stack.IpAddress;

/**
 * JGroups' UDP transport as heartbeat uses the network: every byte of a link on its one port (udpport, or an mcast
 * line's port), every datagram sealed on its way out and opened, and its sender admitted, before JGroups reads it
 * ({@link LinkGuard}).
 *
 * <p>Why a transport and not a protocol above it: JGroups' transport parses every datagram (version, flags,
 * message headers, batches) before the first protocol sees a message, so authentication above it comes after
 * unauthenticated bytes were read; and a discovery protocol with a socket of its own (BPING) is read without it.
 * Here {@link #receive} opens the raw datagram first, and discovery travels through this transport: on a
 * {@code bcast} medium every group message, discovery included, is one datagram to the interface's broadcast
 * address, as heartbeat's broadcast heartbeats are, heard by a second socket bound to that broadcast address on
 * the same port (a socket bound to the node's own address does not receive broadcasts).
 *
 * <p>Every keepalive the transport also sends a sealed sign of life of its own to every node of the medium (its
 * broadcast address, its multicast group, or each ucast peer), as heartbeat sends its heartbeat on every medium: JGroups
 * sends only to the members of its view, and a node left outside the view must still be heard, or a split of the
 * views would look like a death ({@link LinkGuard#heardWithin}).
 */
public final class AuthenticatedUdp extends UDP implements Guarded {

    private LinkGuard guard;
    private InetAddress broadcast;
    private byte[] self;
    private DatagramSocket broadcastSocket;
    private PacketReceiver broadcastReceiver;
    private Duration livenessInterval;
    private List<InetSocketAddress> livenessTargets = List.of();
    private Future<?> livenessSender;
    private volatile boolean livenessFailing;

    public AuthenticatedUdp() {
        setBundler(new PerDestinationBundler().setMaxSize(PacketSeal.MAX_PAYLOAD));
    }

    /** The guard of this link; a stack file's transport gets it after JGroups made it from the XML. */
    public AuthenticatedUdp guard(LinkGuard linkGuard) {
        this.guard = linkGuard;
        return this;
    }

    @Override
    public LinkGuard guard() {
        return guard;
    }

    /** Sends every group message to {@code address} (the interface's broadcast address) and listens there too. */
    public AuthenticatedUdp broadcastTo(InetAddress address) {
        this.broadcast = address;
        return this;
    }

    @Override
    protected void createSockets() throws Exception {
        if (guard == null) {
            throw new IllegalStateException("AuthenticatedUdp has no link guard: a link builds it with one");
        }
        super.createSockets();
        self = encode(sock.getLocalAddress(), sock.getLocalPort());
        guard.boundTo(self, sock.getLocalAddress().getHostAddress() + ":" + sock.getLocalPort());
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

    /**
     * JGroups names the bound address's interface as the multicast interface of every socket it makes, the unicast
     * one included. Only an mcast medium sends multicast; on the others there is nothing to name, and an address
     * the kernel routes without listing it on an interface (127.0.0.2, lo's /8) has no interface to name: JGroups
     * would log an error for a setting nothing uses.
     */
    @Override
    protected <T extends UDP> T setNetworkInterface(InetAddress interfaceAddress, MulticastSocket socket) {
        if (supportsMulticasting()) {
            return super.setNetworkInterface(interfaceAddress, socket);
        }
        @SuppressWarnings("unchecked")
        T unchanged = (T) this;
        return unchanged;
    }

    /** Sends a sign of life every {@code interval} to each of {@code targets}: every node the medium reaches. */
    public AuthenticatedUdp liveness(Duration interval, List<InetSocketAddress> targets) {
        this.livenessInterval = interval;
        this.livenessTargets = List.copyOf(targets);
        return this;
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (broadcastSocket != null) {
            broadcastReceiver = new PacketReceiver(broadcastSocket, "bcast-receiver");
        }
        if (!livenessTargets.isEmpty()) {
            livenessSender = getTimer().scheduleWithFixedDelay(this::sendLiveness, 0, livenessInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        if (livenessSender != null) {
            livenessSender.cancel(false);
        }
        super.stop();
    }

    /**
     * {@code words} sealed ahead for the node's guard ({@link LinkGuard#sealAhead}), from this link's address and port,
     * with where to send them: where this link sends its signs of life. Known before the link's socket is bound:
     * the link binds that address and port.
     */
    public SealedAhead sealAhead(List<byte[]> words) {
        InetSocketAddress source = new InetSocketAddress(getBindAddress(), getBindPort());
        byte[] from = encode(source.getAddress(), source.getPort());
        List<byte[]> sealed = new ArrayList<>();
        for (int index = 0; index < words.size(); index++) {
            sealed.add(guard.sealAhead(from, index, words.get(index)));
        }
        return new SealedAhead(source, supportsMulticasting() ? OptionalInt.of(getMulticastTTL()) : OptionalInt.empty(),
                livenessTargets, sealed);
    }

    /** Never throws: a timer task that throws is not run again. */
    private void sendLiveness() {
        for (InetSocketAddress target : livenessTargets) {
            try {
                Optional<byte[]> packet = guard.liveness(self);
                if (packet.isEmpty()) {
                    return;
                }
                super._send(target.getAddress(), target.getPort(), packet.get(), 0, packet.get().length);
                livenessFailing = false;
            } catch (Exception e) {
                // A cable out or an interface down: said once, not every keepalive.
                if (!livenessFailing) {
                    livenessFailing = true;
                    log.warn("%s: cannot send a sign of life to %s: %s", local_addr, target, e);
                }
            }
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
        Optional<byte[]> outgoing = guard.outgoing(self, data, offset, length);
        if (outgoing.isEmpty()) {
            return;
        }
        byte[] sealed = outgoing.get();
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
        LinkGuard.Receipt receipt = guard.incoming(sender, encode(source.getIpAddress(), source.getPort()), data,
                offset, length);
        if (receipt instanceof LinkGuard.Receipt.Deliver deliver) {
            super.receive(sender, data, deliver.offset(), deliver.length());
        } else if (receipt instanceof LinkGuard.Receipt.Answer answer) {
            try {
                super._send(source.getIpAddress(), source.getPort(), answer.notice(), 0, answer.notice().length);
            } catch (Exception e) {
                log.warn("%s: cannot send a refusal notice to %s: %s", local_addr, sender, e);
            }
        }
    }

    private static byte[] encode(InetAddress address, int port) {
        byte[] ip = address.getAddress();
        return ByteBuffer.allocate(ip.length + 2).put(ip).putShort((short) port).array();
    }
}
