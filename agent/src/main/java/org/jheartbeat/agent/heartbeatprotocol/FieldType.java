package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Optional;

/** The type digit heartbeat writes before a field's name, {@code (1)srcuuid=...}. */
public enum FieldType {
    STRING(0),
    BINARY(1),
    /** A nested message. */
    STRUCT(2),
    /** A list of strings, packed as {@code len:text,len:text,}. */
    LIST(3),
    /** Opaque bytes that heartbeat's compression plugin produced. */
    COMPRESSED(4),
    /** A nested message that heartbeat compresses before sending; on the wire it looks like {@link #STRUCT}. */
    UNCOMPRESSED(5);

    private final int code;

    FieldType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static Optional<FieldType> ofCode(int code) {
        for (FieldType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
