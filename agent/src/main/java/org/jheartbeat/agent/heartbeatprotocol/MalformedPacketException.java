package org.jheartbeat.agent.heartbeatprotocol;

/** A packet that is not a well-formed heartbeat message; the message says what is wrong and at which byte. */
public final class MalformedPacketException extends Exception {

    MalformedPacketException(String reason, int offset) {
        super(reason + " (at byte " + offset + ")", null, false, false);
    }
}
