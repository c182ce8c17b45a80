package org.jheartbeat.agent.heartbeatprotocol;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Packets to messages and back, without keys: both framings read, byte for byte what heartbeat 3.0.6 writes.
 * Reading is bounded: a packet of at most {@link #MAX_PACKET} bytes, messages nested at most
 * {@link NetstringFormat#MAX_DEPTH} levels deep, every length checked against what follows it before anything is
 * allocated for it.
 */
public final class WireFormat {

    /** heartbeat's media read at most MAXMSG - 1 bytes (256 KiB - 1) from one datagram. */
    public static final int MAX_PACKET = 256 * 1024 - 1;

    private WireFormat() {
    }

    /** Whether the bytes start as a heartbeat packet does, with {@code ###\n} or {@code >>>\n}. */
    public static boolean hasHeartbeatFraming(byte[] packet, int offset, int length) {
        PacketCursor in = new PacketCursor(packet, offset, length);
        return in.startsWith(NetstringFormat.START) || in.startsWith(ClassicFormat.START);
    }

    /**
     * Reads one packet. A single NUL byte after it is allowed: older heartbeats send one after the classic form.
     *
     * @throws MalformedPacketException naming what is wrong and where
     */
    public static WirePacket parse(byte[] packet, int offset, int length) throws MalformedPacketException {
        if (length > MAX_PACKET) {
            throw new MalformedPacketException("a packet of " + length + " bytes, more than heartbeat reads ("
                    + MAX_PACKET + ")", 0);
        }
        PacketCursor in = new PacketCursor(packet, offset, length);
        if (in.startsWith(NetstringFormat.START)) {
            HeartbeatMessage message = NetstringFormat.read(in, 0);
            int signedLength = in.position() - offset;
            Optional<Signature> signature = Optional.empty();
            if (!atEndAfterOptionalNul(in)) {
                int trailerLength = in.length("the signature");
                in.expect(':', "':' after the signature's length");
                if (in.remaining() <= trailerLength) {
                    throw in.error("the signature has no ',' after it");
                }
                int signatureAt = in.position() - offset;
                String text = in.text(trailerLength);
                signature = Optional.of(Signature.parse(text).orElseThrow(() -> new MalformedPacketException(
                        "not a signature ('N digest'): '" + WireText.excerpt(text) + "'", signatureAt)));
                in.expect(',', "',' after the signature");
                if (!atEndAfterOptionalNul(in)) {
                    throw in.error("bytes after the signature");
                }
            }
            return new WirePacket(message, Framing.NETSTRING, signature, signedLength);
        }
        if (in.startsWith(ClassicFormat.START)) {
            HeartbeatMessage message = ClassicFormat.read(in, 0);
            if (!atEndAfterOptionalNul(in)) {
                throw in.error("bytes after '<<<'");
            }
            Optional<String> auth = message.text(HeartbeatMessage.AUTH);
            Optional<Signature> signature = auth.flatMap(Signature::parse);
            if (auth.isPresent() && signature.isEmpty()) {
                throw in.error("an auth field that is not 'N digest': '" + WireText.excerpt(auth.get()) + "'");
            }
            return new WirePacket(message, Framing.CLASSIC, signature, 0);
        }
        throw in.error("neither heartbeat framing ('###' or '>>>' and a newline)");
    }

    private static boolean atEndAfterOptionalNul(PacketCursor in) {
        if (in.remaining() == 1 && in.bytes()[in.position()] == 0) {
            in.take(1);
        }
        return in.atEnd();
    }

    /** The message in the netstring framing, without a signature. */
    public static byte[] netstring(HeartbeatMessage message) {
        return NetstringFormat.write(message);
    }

    /**
     * The message in the classic framing (its {@code auth} field, if any, is the signature).
     *
     * @throws IllegalArgumentException for a message the classic form cannot hold: nested more than 16 levels
     *         deep, or holding an uncompressed field
     */
    public static byte[] classic(HeartbeatMessage message) {
        return ClassicFormat.write(message);
    }

    /** The packet's bytes again: its message in its framing, with its netstring signature if it has one. */
    public static byte[] serialize(WirePacket packet) {
        if (packet.framing() == Framing.CLASSIC) {
            return classic(packet.message());
        }
        byte[] body = netstring(packet.message());
        return packet.signature().map(signature -> withTrailer(body, signature)).orElse(body);
    }

    static byte[] withTrailer(byte[] body, Signature signature) {
        String text = signature.text();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + text.length() + 8);
        out.writeBytes(body);
        out.writeBytes(WireText.bytes(text.length() + ":" + text + ","));
        return out.toByteArray();
    }
}
