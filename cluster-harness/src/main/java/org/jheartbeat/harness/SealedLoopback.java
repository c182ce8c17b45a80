package org.jheartbeat.harness;

import java.nio.ByteBuffer;
import org.jgroups.Address;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.util.UUID;
import org.jheartbeat.agent.membership.AuthenticatedUdp;
import org.jheartbeat.agent.membership.PacketSeal;

/**
 * JGroups' in-memory transport for agents simulated in one JVM, with every datagram sealed and opened by a
 * {@link PacketSeal} as {@link AuthenticatedUdp} does on a real network: such a cluster keeps out a node with
 * another key exactly as a real one does.
 */
final class SealedLoopback extends SHARED_LOOPBACK {

    private final PacketSeal seal;

    SealedLoopback(PacketSeal seal) {
        this.seal = seal;
    }

    @Override
    public void sendToAll(byte[] data, int offset, int length) throws Exception {
        byte[] sealed = seal.seal(encode(local_addr), data, offset, length);
        super.sendToAll(sealed, 0, sealed.length);
    }

    @Override
    protected void sendTo(Address dest, byte[] data, int offset, int length) throws Exception {
        byte[] sealed = seal.seal(encode(local_addr), data, offset, length);
        super.sendTo(dest, sealed, 0, sealed.length);
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        PacketSeal.Opened opened = seal.open(sender, encode(sender), data, offset, length);
        if (opened != null) {
            super.receive(sender, data, opened.offset(), opened.length());
        }
    }

    private static byte[] encode(Address address) {
        UUID uuid = (UUID) address;
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
