package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Optional;

/** What {@link HeartbeatPacketRecognizer} says of one packet. */
public sealed interface Recognition {

    /** The packet does not start as a heartbeat packet does: some other protocol's. */
    record NotHeartbeat() implements Recognition {
    }

    /** It starts as a heartbeat packet but is not a well-formed one. */
    record Malformed(String reason) implements Recognition {
    }

    /**
     * A well-formed heartbeat packet that no key of ours signed (another cluster, an old key, a forgery).
     *
     * @param claimedSource its {@code src} field, which nothing vouches for
     */
    record Unauthenticated(Optional<String> claimedSource, String reason) implements Recognition {
    }

    /**
     * A heartbeat packet signed with one of our keys.
     *
     * @param source the sending node ({@code src})
     * @param type the message type ({@code t}), {@code status} for a heartbeat
     * @param message every field, for a receiver that answers heartbeat
     */
    record Authentic(String source, String type, Framing framing, int keyIndex, HeartbeatMessage message)
            implements Recognition {
    }
}
