package org.jheartbeat.agent.heartbeatprotocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The netstring framing every heartbeat 3.0.6 node sends (cluster-glue's cl_netstring.c): {@code ###\n}, then one
 * netstring per field, {@code LEN:(T)name=value,} where LEN counts everything between ':' and ',', then
 * {@code %%%\n}. A nested message is the same framing inside a field's value.
 */
final class NetstringFormat {

    static final byte[] START = WireText.bytes("###\n");
    static final byte[] END = WireText.bytes("%%%\n");
    /**
     * heartbeat's MAXDEPTH: a message this deep (the outermost is at depth 0) can hold no nested message, because
     * heartbeat's classic rendering has no newline marker left for it; so at most 17 levels.
     */
    static final int MAX_DEPTH = 16;
    static final String TOO_DEEP = "a message nested more than " + MAX_DEPTH + " levels deep";

    private NetstringFormat() {
    }

    static byte[] write(HeartbeatMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(message, out);
        return out.toByteArray();
    }

    private static void write(HeartbeatMessage message, ByteArrayOutputStream out) {
        out.writeBytes(START);
        for (Field field : message.fields()) {
            byte[] value = valueBytes(field.value());
            byte[] head = WireText.bytes("(" + field.value().type().code() + ")" + field.name() + "=");
            out.writeBytes(WireText.bytes(Integer.toString(head.length + value.length) + ":"));
            out.writeBytes(head);
            out.writeBytes(value);
            out.write(',');
        }
        out.writeBytes(END);
    }

    private static byte[] valueBytes(FieldValue value) {
        if (value instanceof FieldValue.Text text) {
            return WireText.bytes(text.text());
        }
        if (value instanceof FieldValue.Bytes bytes) {
            return bytes.sharedBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof FieldValue.Nested nested) {
            write(nested.message(), out);
        } else {
            PackedStrings.write(((FieldValue.StringList) value).elements(), out);
        }
        return out.toByteArray();
    }

    /** Reads one message at the cursor, up to and including its {@code %%%\n}. */
    static HeartbeatMessage read(PacketCursor in, int depth) throws MalformedPacketException {
        in.expect(START, "'###' and a newline to start a message");
        List<Field> fields = new ArrayList<>();
        while (!in.startsWith(END)) {
            if (in.atEnd()) {
                throw in.error("the message ends without '%%%' and a newline");
            }
            int length = in.length("a field");
            in.expect(':', "':' after a field's length");
            if (in.remaining() <= length) {
                throw in.error("a field of " + length + " bytes has no ',' after it");
            }
            fields.add(field(in.take(length), depth));
            in.expect(',', "',' after a field of " + length + " bytes");
        }
        in.expect(END, "'%%%' and a newline");
        return new HeartbeatMessage(fields);
    }

    private static Field field(PacketCursor in, int depth) throws MalformedPacketException {
        in.expect('(', "'(' and a type digit at the start of a field");
        int code = in.atEnd() ? -1 : in.bytes()[in.position()] - '0';
        FieldType type = FieldType.ofCode(code).orElseThrow(() -> in.error("unknown field type (0 to 5 exist)"));
        in.take(1);
        in.expect(')', "')' after the field type");
        int equals = in.indexOf('=');
        if (equals < 0) {
            throw in.error("a field without '='");
        }
        String name = in.text(equals - in.position());
        if (!Field.isName(name)) {
            throw in.error("not a field name: '" + WireText.excerpt(name) + "'");
        }
        in.take(1);
        return new Field(name, value(type, in, depth));
    }

    private static FieldValue value(FieldType type, PacketCursor in, int depth) throws MalformedPacketException {
        switch (type) {
            case STRING:
                return new FieldValue.Text(in.text(in.remaining()));
            case BINARY:
            case COMPRESSED:
                return new FieldValue.Bytes(type, in.copy(in.remaining()));
            case LIST:
                return PackedStrings.read(in);
            default:
                if (depth >= MAX_DEPTH) {
                    throw in.error(TOO_DEEP);
                }
                HeartbeatMessage nested = read(in, depth + 1);
                if (!in.atEnd()) {
                    throw in.error("bytes after a nested message's end");
                }
                return new FieldValue.Nested(type, nested);
        }
    }
}
