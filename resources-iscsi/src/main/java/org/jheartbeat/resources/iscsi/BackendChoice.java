package org.jheartbeat.resources.iscsi;

import java.util.Locale;

/** The {@code backend} setting: one implementation by name, or whichever is installed. */
enum BackendChoice {
    AUTO,
    IET,
    TGT,
    LIO;

    static BackendChoice parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend '" + text + "' is none of auto, iet, tgt, lio");
        }
    }
}
