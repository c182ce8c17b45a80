package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Optional;

/**
 * A packet as read from the wire, before or after its signature is checked.
 *
 * @param signature the netstring trailer, or the classic {@code auth} field; empty when the packet has none
 * @param signedLength how many leading bytes of the packet the netstring trailer signs (up to and including
 *        {@code %%%\n}); 0 for the classic framing, whose signature covers a rendering of the message instead
 */
public record WirePacket(HeartbeatMessage message, Framing framing, Optional<Signature> signature, int signedLength) {
}
