package org.jheartbeat.harness;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.util.UUID;
import org.jheartbeat.agent.membership.AuthenticatedUdp;
import org.jheartbeat.agent.membership.Guarded;
import org.jheartbeat.agent.membership.LinkGuard;

/**
 * JGroups' in-memory transport for agents simulated in one JVM, with every datagram passing a {@link LinkGuard} as
 * {@link AuthenticatedUdp}'s do on a real network: such a cluster keeps out a node with another key, another
 * cluster's name or a taken name exactly as a real one does.
 */
final class SealedLoopback extends SHARED_LOOPBACK implements Guarded {

    /**
     * Each link's own address, as a node's IP address and port on a network: a link that rejoins gets a new JGroups
     * address but keeps this one, so its peers' guards do not take it for another machine with its name.
     */
    private static final Map<Address, byte[]> LINK_ADDRESSES = new ConcurrentHashMap<>();

    private final LinkGuard guard;
    private final Cable cable;
    private final byte[] linkAddress;

    /**
     * @param cable       what is cut: nothing it cuts off reaches the guard
     * @param linkAddress the machine's address on the link ({@link #newLinkAddress}), kept by every agent it runs, as
     *                    a machine keeps its IP address and port across restarts of its agent
     */
    SealedLoopback(LinkGuard guard, Cable cable, byte[] linkAddress) {
        this.guard = guard;
        this.cable = cable;
        this.linkAddress = linkAddress.clone();
    }

    /** A simulated machine's address on the link, its own. */
    static byte[] newLinkAddress() {
        return encode(UUID.randomUUID());
    }

    @Override
    public LinkGuard guard() {
        return guard;
    }

    @Override
    public void sendToAll(byte[] data, int offset, int length) throws Exception {
        Optional<byte[]> sealed = guard.outgoing(linkAddress, data, offset, length);
        if (sealed.isPresent()) {
            super.sendToAll(sealed.get(), 0, sealed.get().length);
        }
    }

    @Override
    protected void sendTo(Address dest, byte[] data, int offset, int length) throws Exception {
        Optional<byte[]> sealed = guard.outgoing(linkAddress, data, offset, length);
        if (sealed.isPresent()) {
            super.sendTo(dest, sealed.get(), 0, sealed.get().length);
        }
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        if (cable.cuts(sender)) {
            return;
        }
        LinkGuard.Receipt receipt = guard.incoming(sender, LINK_ADDRESSES.getOrDefault(sender, encode(sender)), data,
                offset, length);
        if (receipt instanceof LinkGuard.Receipt.Deliver deliver) {
            super.receive(sender, data, deliver.offset(), deliver.length());
        } else if (receipt instanceof LinkGuard.Receipt.Answer answer) {
            try {
                super.sendTo(sender, answer.notice(), 0, answer.notice().length);
            } catch (Exception e) {
                log.warn("%s: cannot send a refusal notice to %s: %s", local_addr, sender, e);
            }
        }
    }

    @Override
    public void start() throws Exception {
        super.start();
        LINK_ADDRESSES.put(local_addr, linkAddress);
        guard.boundTo(linkAddress, String.valueOf(local_addr));
    }

    private static byte[] encode(Address address) {
        UUID uuid = (UUID) address;
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
