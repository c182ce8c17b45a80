package org.jheartbeat.agent.heartbeatprotocol;

/** What {@link HeartbeatWire#decode} made of a packet. */
public sealed interface Decoded {

    /** Not a well-formed heartbeat packet. */
    record Malformed(String reason) implements Decoded {
    }

    /** Well formed, but no key of ours signed it. */
    record Unauthenticated(WirePacket packet, String reason) implements Decoded {
    }

    /** Well formed and signed with authkeys key {@code keyIndex}. */
    record Authentic(WirePacket packet, int keyIndex) implements Decoded {
    }
}
