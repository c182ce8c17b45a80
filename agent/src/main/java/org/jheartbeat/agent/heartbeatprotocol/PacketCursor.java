package org.jheartbeat.agent.heartbeatprotocol;

/** Reads a region of a packet front to back; every step checks the region's end and names what was expected. */
final class PacketCursor {

    private static final int MAX_LENGTH_DIGITS = 9;

    private final byte[] bytes;
    /** Where the packet starts, so that every error names its offset in the packet. */
    private final int origin;
    private final int limit;
    private int position;

    PacketCursor(byte[] bytes, int offset, int length) {
        this(bytes, offset, offset, length);
    }

    private PacketCursor(byte[] bytes, int origin, int offset, int length) {
        this.bytes = bytes;
        this.origin = origin;
        this.position = offset;
        this.limit = offset + length;
    }

    byte[] bytes() {
        return bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    boolean atEnd() {
        return position == limit;
    }

    boolean startsWith(byte[] marker) {
        if (remaining() < marker.length) {
            return false;
        }
        for (int i = 0; i < marker.length; i++) {
            if (bytes[position + i] != marker[i]) {
                return false;
            }
        }
        return true;
    }

    void expect(byte[] marker, String what) throws MalformedPacketException {
        if (!startsWith(marker)) {
            throw error("expected " + what);
        }
        position += marker.length;
    }

    void expect(char c, String what) throws MalformedPacketException {
        if (atEnd() || bytes[position] != (byte) c) {
            throw error("expected " + what);
        }
        position++;
    }

    /** A decimal length: at least one digit, at most nine, and no longer than what is left after it. */
    int length(String what) throws MalformedPacketException {
        int digits = 0;
        int value = 0;
        while (position < limit && bytes[position] >= '0' && bytes[position] <= '9') {
            if (++digits > MAX_LENGTH_DIGITS) {
                throw error(what + " has more than " + MAX_LENGTH_DIGITS + " digits");
            }
            value = value * 10 + (bytes[position] - '0');
            position++;
        }
        if (digits == 0) {
            throw error("expected the length of " + what);
        }
        if (value > remaining()) {
            throw error(what + " claims " + value + " bytes but only " + remaining() + " follow");
        }
        return value;
    }

    /** The index of the first {@code c} at or after the position, or -1. */
    int indexOf(char c) {
        for (int i = position; i < limit; i++) {
            if (bytes[i] == (byte) c) {
                return i;
            }
        }
        return -1;
    }

    /** A cursor over the next {@code length} bytes, which this cursor skips. */
    PacketCursor take(int length) {
        PacketCursor taken = new PacketCursor(bytes, origin, position, length);
        position += length;
        return taken;
    }

    String text(int length) {
        String text = WireText.string(bytes, position, length);
        position += length;
        return text;
    }

    byte[] copy(int length) {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, position, copy, 0, length);
        position += length;
        return copy;
    }

    MalformedPacketException error(String reason) {
        return new MalformedPacketException(reason, position - origin);
    }
}
