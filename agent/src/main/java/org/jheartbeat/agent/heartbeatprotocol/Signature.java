package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Optional;

/** {@code N digest}: the authkeys key a packet claims to be signed with, and the digest it carries. */
public record Signature(int keyIndex, String digest) {

    /** authkeys numbers its keys 0 to 15 (heartbeat's MAXAUTH). */
    public static final int MAX_KEY_INDEX = 15;

    public Signature {
        if (keyIndex < 0 || keyIndex > MAX_KEY_INDEX || digest.isEmpty()
                || !digest.chars().allMatch(Signature::isDigestChar)) {
            throw new IllegalArgumentException("not a heartbeat signature: " + keyIndex + " " + digest);
        }
    }

    /** The signature in its wire form, {@code 1 5a3f...}. */
    public String text() {
        return keyIndex + " " + digest;
    }

    static Optional<Signature> parse(String text) {
        int space = text.indexOf(' ');
        if (space < 1 || space > 2 || !text.substring(0, space).chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int index = Integer.parseInt(text.substring(0, space));
        String digest = text.substring(space + 1);
        if (index > MAX_KEY_INDEX || digest.isEmpty() || !digest.chars().allMatch(Signature::isDigestChar)) {
            return Optional.empty();
        }
        return Optional.of(new Signature(index, digest));
    }

    private static boolean isDigestChar(int c) {
        return c > ' ' && c < 0x7f;
    }
}
