package org.jheartbeat.harness;

import java.nio.ByteBuffer;
import java.util.Optional;
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

    private final LinkGuard guard;
    private final Cable cable;

    /** @param cable what is cut: nothing it cuts off reaches the guard */
    SealedLoopback(LinkGuard guard, Cable cable) {
        this.guard = guard;
        this.cable = cable;
    }

    @Override
    public LinkGuard guard() {
        return guard;
    }

    @Override
    public void sendToAll(byte[] data, int offset, int length) throws Exception {
        Optional<byte[]> sealed = guard.outgoing(encode(local_addr), data, offset, length);
        if (sealed.isPresent()) {
            super.sendToAll(sealed.get(), 0, sealed.get().length);
        }
    }

    @Override
    protected void sendTo(Address dest, byte[] data, int offset, int length) throws Exception {
        Optional<byte[]> sealed = guard.outgoing(encode(local_addr), data, offset, length);
        if (sealed.isPresent()) {
            super.sendTo(dest, sealed.get(), 0, sealed.get().length);
        }
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        if (cable.cuts(sender)) {
            return;
        }
        LinkGuard.Receipt receipt = guard.incoming(sender, encode(sender), data, offset, length);
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
        guard.boundTo(encode(local_addr), String.valueOf(local_addr));
    }

    private static byte[] encode(Address address) {
        UUID uuid = (UUID) address;
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
