package org.jheartbeat.agent.config;

import java.util.Locale;
import java.util.Optional;

/** heartbeat's boolean words, case-insensitive: true/on/yes/y/1 and false/off/no/n/0. */
final class Booleans {

    private Booleans() {
    }

    static Optional<Boolean> parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "y", "1" -> Optional.of(true);
            case "false", "off", "no", "n", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
