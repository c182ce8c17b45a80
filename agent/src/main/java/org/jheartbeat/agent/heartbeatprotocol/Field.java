package org.jheartbeat.agent.heartbeatprotocol;

/** One {@code name=value} of a message. Names are non-empty byte strings without {@code =}, newline or NUL. */
public record Field(String name, FieldValue value) {

    public Field {
        if (!isName(name)) {
            throw new IllegalArgumentException("not a heartbeat field name: '" + name + "'");
        }
    }

    static boolean isName(String name) {
        return !name.isEmpty() && WireText.isByteString(name) && name.indexOf('=') < 0 && name.indexOf('\n') < 0
                && name.indexOf('\0') < 0;
    }

    public static Field text(String name, String text) {
        return new Field(name, new FieldValue.Text(text));
    }
}
