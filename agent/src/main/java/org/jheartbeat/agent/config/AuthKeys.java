package org.jheartbeat.agent.config;

import java.util.Locale;
import java.util.Map;

/**
 * authkeys: the keys a node may authenticate with, and the one it signs with ({@code auth N}).
 * The secrets never appear in {@link #toString()}.
 */
public record AuthKeys(int activeIndex, Map<Integer, AuthKey> keys) {

    /** Keys are numbered 0 to 15, as heartbeat numbers them. */
    public static final int MAX_INDEX = 15;

    public AuthKeys {
        keys = Map.copyOf(keys);
        if (!keys.containsKey(activeIndex)) {
            throw new IllegalArgumentException("no key " + activeIndex);
        }
    }

    public AuthKey active() {
        return keys.get(activeIndex);
    }

    @Override
    public String toString() {
        return "auth " + activeIndex + " (" + active().method().word() + ")";
    }

    /** heartbeat's signing methods; jheartbeat derives its own keys from the secret whatever the method. */
    public enum Method {
        CRC, MD5, SHA1;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One {@code N method secret} line. {@code crc} has no secret. */
    public record AuthKey(int index, Method method, String secret, SourceLocation location) {

        @Override
        public String toString() {
            return index + " " + method.word() + (secret.isEmpty() ? "" : " <secret>");
        }
    }
}
