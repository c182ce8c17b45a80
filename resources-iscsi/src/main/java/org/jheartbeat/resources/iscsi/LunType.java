package org.jheartbeat.resources.iscsi;

import java.util.Locale;

/**
 * How a LUN reaches its backing store, in IET's words: {@code fileio} through the page cache (a regular file or
 * a block device), {@code blockio} directly to a block device.
 */
enum LunType {
    FILEIO,
    BLOCKIO;

    static LunType parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "fileio" -> FILEIO;
            case "blockio" -> BLOCKIO;
            default -> throw new IllegalArgumentException("LUN type '" + text + "' is neither fileio nor blockio");
        };
    }

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
