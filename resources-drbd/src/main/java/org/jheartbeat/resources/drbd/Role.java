package org.jheartbeat.resources.drbd;

import java.util.Arrays;

/** A node's role for a DRBD resource, by the names DRBD prints. */
public enum Role {
    PRIMARY("Primary"),
    SECONDARY("Secondary"),
    /** The peer's role while it cannot be reached. */
    UNKNOWN("Unknown"),
    /** The kernel does not know the resource (module not loaded or resource down). */
    UNCONFIGURED("Unconfigured");

    private final String drbdName;

    Role(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    /** @throws DrbdStateException naming {@code source} when DRBD has no such role */
    static Role parse(String text, String source) {
        return Arrays.stream(values()).filter(role -> role.drbdName.equals(text)).findFirst()
                .orElseThrow(() -> new DrbdStateException(source + ": unknown DRBD role '" + text + "'"));
    }
}
