package org.jheartbeat.agent.heartbeatprotocol;

import java.nio.charset.StandardCharsets;

/** heartbeat's strings are C strings of bytes; here each byte is one char (ISO-8859-1), both ways. */
final class WireText {

    private static final int EXCERPT_LENGTH = 40;

    private WireText() {
    }

    static boolean isByteString(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** At most 40 chars of packet text for an error message, with control and non-ASCII bytes as \xNN. */
    static String excerpt(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < EXCERPT_LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        return text.length() > EXCERPT_LENGTH ? out + "..." : out.toString();
    }
}
