package org.jheartbeat.agent.heartbeatprotocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One heartbeat message: its fields in order, as heartbeat keeps them (order matters: it decides the bytes, and
 * so the digests). Names may repeat; the lookups return the first field of a name, as heartbeat's do.
 */
public record HeartbeatMessage(List<Field> fields) {

    /** heartbeat's common field names (include/ha_msg.h). */
    public static final String TYPE = "t";
    public static final String SOURCE = "src";
    public static final String SOURCE_UUID = "srcuuid";
    public static final String DESTINATION = "dest";
    public static final String DESTINATION_UUID = "destuuid";
    public static final String SEQUENCE = "seq";
    public static final String GENERATION = "hg";
    public static final String TIMESTAMP = "ts";
    public static final String LOAD = "ld";
    public static final String TTL = "ttl";
    public static final String AUTH = "auth";

    public HeartbeatMessage {
        fields = List.copyOf(fields);
    }

    public static HeartbeatMessage of(Field... fields) {
        return new HeartbeatMessage(List.of(fields));
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** The first field of that name if it is a string. */
    public Optional<String> text(String name) {
        return field(name).map(Field::value)
                .filter(FieldValue.Text.class::isInstance)
                .map(value -> ((FieldValue.Text) value).text());
    }

    /** The first field of that name if it holds bytes (a uuid, for instance). */
    public Optional<byte[]> bytes(String name) {
        return field(name).map(Field::value)
                .filter(FieldValue.Bytes.class::isInstance)
                .map(value -> ((FieldValue.Bytes) value).bytes());
    }

    public Optional<String> type() {
        return text(TYPE);
    }

    public Optional<String> source() {
        return text(SOURCE);
    }

    /**
     * heartbeat's "modify" (cl_msg_mod): the first field of that name takes the new value where it stands, or
     * the field is appended when the message has none.
     */
    public HeartbeatMessage with(String name, FieldValue value) {
        List<Field> changed = new ArrayList<>(fields);
        Field field = new Field(name, value);
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i).name().equals(name)) {
                changed.set(i, field);
                return new HeartbeatMessage(changed);
            }
        }
        changed.add(field);
        return new HeartbeatMessage(changed);
    }

    public HeartbeatMessage withText(String name, String text) {
        return with(name, new FieldValue.Text(text));
    }

    /** Every field of that name removed. */
    public HeartbeatMessage without(String name) {
        return new HeartbeatMessage(fields.stream().filter(field -> !field.name().equals(name)).toList());
    }
}
