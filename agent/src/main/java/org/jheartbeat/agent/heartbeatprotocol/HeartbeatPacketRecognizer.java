package org.jheartbeat.agent.heartbeatprotocol;

import org.jheartbeat.agent.config.AuthKeys;

/**
 * For a receive path that shares udpport with heartbeat 3 nodes: tells a heartbeat packet from anything else, and
 * for an authentic one which node sent it and what kind of message it is. Never throws, whatever the bytes; costs
 * one parse and one digest of the packet, both bounded by {@link WireFormat#MAX_PACKET}.
 */
public final class HeartbeatPacketRecognizer {

    private final HeartbeatWire wire;

    public HeartbeatPacketRecognizer(AuthKeys keys) {
        this.wire = new HeartbeatWire(new HeartbeatKeys(keys));
    }

    /** Cheap first test, on the framing alone: whether the packet starts as a heartbeat packet does. */
    public static boolean looksLikeHeartbeat(byte[] packet, int offset, int length) {
        return WireFormat.hasHeartbeatFraming(packet, offset, length);
    }

    public Recognition recognize(byte[] packet, int offset, int length) {
        if (!looksLikeHeartbeat(packet, offset, length)) {
            return new Recognition.NotHeartbeat();
        }
        Decoded decoded = wire.decode(packet, offset, length);
        if (decoded instanceof Decoded.Malformed malformed) {
            return new Recognition.Malformed(malformed.reason());
        }
        if (decoded instanceof Decoded.Unauthenticated unauthenticated) {
            return new Recognition.Unauthenticated(unauthenticated.packet().message().source(),
                    unauthenticated.reason());
        }
        Decoded.Authentic authentic = (Decoded.Authentic) decoded;
        HeartbeatMessage message = authentic.packet().message();
        if (message.source().isEmpty() || message.type().isEmpty()) {
            return new Recognition.Malformed("an authentic packet without src or t, which heartbeat drops");
        }
        return new Recognition.Authentic(message.source().get(), message.type().get(),
                authentic.packet().framing(), authentic.keyIndex(), message);
    }
}
