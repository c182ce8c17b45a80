package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Optional;

/**
 * Reads and writes heartbeat packets with a site's keys: {@link #decode} never throws, whatever the bytes;
 * {@link #encode} writes what heartbeat 3.0.6 sends.
 */
public final class HeartbeatWire {

    private final HeartbeatKeys keys;

    public HeartbeatWire(HeartbeatKeys keys) {
        this.keys = keys;
    }

    /**
     * A netstring packet is authentic when its trailer holds for the bytes up to {@code %%%\n} (its inner classic
     * {@code auth} field is not checked, as heartbeat does not); a classic packet when its {@code auth} field holds.
     */
    public Decoded decode(byte[] packet, int offset, int length) {
        WirePacket parsed;
        try {
            parsed = WireFormat.parse(packet, offset, length);
        } catch (MalformedPacketException e) {
            return new Decoded.Malformed(e.getMessage());
        }
        if (parsed.signature().isEmpty()) {
            return new Decoded.Unauthenticated(parsed, "the packet carries no signature");
        }
        Signature signature = parsed.signature().get();
        Optional<String> problem = parsed.framing() == Framing.NETSTRING
                ? keys.check(signature, packet, offset, parsed.signedLength())
                : keys.checkAuthField(parsed.message());
        return problem.<Decoded>map(reason -> new Decoded.Unauthenticated(parsed, reason))
                .orElseGet(() -> new Decoded.Authentic(parsed, signature.keyIndex()));
    }

    /**
     * The message as heartbeat 3.0.6 sends it with ha.cf's default {@code msgfmt classic}: the classic
     * {@code auth} field added last, then the netstring framing, then its trailer, both signed by the active key.
     * The caller gives every other field, heartbeat's control fields (src, srcuuid, seq, hg, ts, ld, ttl) included.
     */
    public byte[] encode(HeartbeatMessage message) {
        return encodeNetstring(keys.withAuthField(message));
    }

    /** The message as heartbeat sends it with {@code msgfmt netstring}: no {@code auth} field, only the trailer. */
    public byte[] encodeNetstring(HeartbeatMessage message) {
        byte[] body = WireFormat.netstring(message);
        return WireFormat.withTrailer(body, keys.sign(body, 0, body.length));
    }
}
