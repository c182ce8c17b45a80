package org.jheartbeat.agent.heartbeatprotocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The classic framing (cluster-glue's cl_msg.c, string2msg and msg2string): {@code >>>\n}, one
 * {@code name=value\n} line per field with {@code (T)} before the name of every non-string field, then
 * {@code <<<\n}. Newlines inside a string become byte 19; binary values are base64; a nested message is rendered
 * the same way one level deeper, its newlines replaced by a byte that depends on the depth.
 *
 * <p>heartbeat 3.0.6 still reads this framing but sends it only inside itself; on the wire it sends netstrings.
 * The same rendering, without the {@code >>>}/{@code <<<} lines and without the {@code auth} field, is what the
 * {@code auth} field's digest covers ({@link #signedText}).
 */
final class ClassicFormat {

    static final byte[] START = WireText.bytes(">>>\n");
    static final byte[] END = WireText.bytes("<<<\n");
    private static final byte[] NEWLINE = {'\n'};
    /** What a newline inside a string value becomes (SPECIAL_SYM). */
    private static final byte TEXT_NEWLINE = 19;
    /** What a newline inside a nested message at each depth becomes (SPECIAL_SYMS). */
    private static final byte[] NESTED_NEWLINE = {20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 15, 16, 17, 18};

    private ClassicFormat() {
    }

    /** @throws IllegalArgumentException for what heartbeat cannot render either (see {@link #render}) */
    static byte[] write(HeartbeatMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        render(message, 0, true, out);
        return out.toByteArray();
    }

    /** What the classic {@code auth} field signs: every other field's line, without the start and end lines. */
    static byte[] signedText(HeartbeatMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        render(message, 0, false, out);
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException for a message heartbeat cannot render either: one nested deeper than
     *         {@link NetstringFormat#MAX_DEPTH} allows, one holding an {@link FieldType#UNCOMPRESSED} field, or a
     *         nested message already holding the byte its newlines would become
     */
    private static void render(HeartbeatMessage message, int depth, boolean whole, ByteArrayOutputStream out) {
        if (whole) {
            out.writeBytes(START);
        }
        for (Field field : message.fields()) {
            if (!whole && field.name().equals(HeartbeatMessage.AUTH)) {
                continue;
            }
            FieldType type = field.value().type();
            String prefix = type == FieldType.STRING ? "" : "(" + type.code() + ")";
            out.writeBytes(WireText.bytes(prefix + field.name() + "="));
            out.writeBytes(renderValue(field.value(), depth));
            out.write('\n');
        }
        if (whole) {
            out.writeBytes(END);
        }
    }

    private static byte[] renderValue(FieldValue value, int depth) {
        if (value instanceof FieldValue.Text text) {
            return replace(WireText.bytes(text.text()), (byte) '\n', TEXT_NEWLINE);
        }
        if (value instanceof FieldValue.Bytes bytes) {
            return Base64.getEncoder().encode(bytes.sharedBytes());
        }
        if (value instanceof FieldValue.StringList list) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackedStrings.write(list.elements(), out);
            return out.toByteArray();
        }
        FieldValue.Nested nested = (FieldValue.Nested) value;
        if (nested.type() == FieldType.UNCOMPRESSED) {
            throw new IllegalArgumentException("heartbeat has no classic form for an uncompressed field");
        }
        if (depth >= NetstringFormat.MAX_DEPTH) {
            throw new IllegalArgumentException(NetstringFormat.TOO_DEEP);
        }
        ByteArrayOutputStream child = new ByteArrayOutputStream();
        render(nested.message(), depth + 1, true, child);
        byte[] rendered = child.toByteArray();
        for (byte b : rendered) {
            if (b == NESTED_NEWLINE[depth]) {
                throw new IllegalArgumentException("a nested message holds byte " + b + ", its newline marker");
            }
        }
        return replace(rendered, (byte) '\n', NESTED_NEWLINE[depth]);
    }

    /** Reads one message at the cursor, up to and including its {@code <<<\n}. */
    static HeartbeatMessage read(PacketCursor in, int depth) throws MalformedPacketException {
        in.expect(START, "'>>>' and a newline to start a message");
        List<Field> fields = new ArrayList<>();
        while (true) {
            while (in.startsWith(NEWLINE)) {
                in.take(1);
            }
            if (in.startsWith(END)) {
                in.take(END.length);
                return new HeartbeatMessage(fields);
            }
            int lineEnd = in.indexOf('\n');
            if (lineEnd < 0) {
                throw in.error("the message ends without '<<<' and a newline");
            }
            fields.add(line(in.take(lineEnd - in.position()), depth));
            in.take(1);
        }
    }

    private static Field line(PacketCursor in, int depth) throws MalformedPacketException {
        PacketCursor lineStart = in.take(0);
        int equals = in.indexOf('=');
        if (equals < 0) {
            throw in.error("a line without '='");
        }
        String name = in.text(equals - in.position());
        in.take(1);
        FieldType type = FieldType.STRING;
        if (name.startsWith("(")) {
            int code = name.length() > 3 && name.charAt(2) == ')' ? name.charAt(1) - '0' : -1;
            type = FieldType.ofCode(code).filter(t -> t != FieldType.STRING && t != FieldType.UNCOMPRESSED)
                    .orElseThrow(() -> lineStart.error("a field type other than (1) to (4) in the classic form"));
            name = name.substring(3);
        }
        if (!Field.isName(name)) {
            throw lineStart.error("not a field name: '" + WireText.excerpt(name) + "'");
        }
        PacketCursor valueStart = in.take(0);
        byte[] raw = in.copy(in.remaining());
        return new Field(name, value(type, raw, valueStart, depth));
    }

    private static FieldValue value(FieldType type, byte[] raw, PacketCursor at, int depth)
            throws MalformedPacketException {
        switch (type) {
            case STRING:
                return new FieldValue.Text(WireText.string(replace(raw, TEXT_NEWLINE, (byte) '\n'), 0, raw.length));
            case BINARY:
            case COMPRESSED:
                try {
                    return new FieldValue.Bytes(type, Base64.getDecoder().decode(raw));
                } catch (IllegalArgumentException e) {
                    throw at.error("a binary value that is not base64: " + e.getMessage());
                }
            case LIST:
                return PackedStrings.read(new PacketCursor(raw, 0, raw.length));
            default:
                if (depth >= NetstringFormat.MAX_DEPTH) {
                    throw at.error(NetstringFormat.TOO_DEEP);
                }
                byte[] child = replace(raw, NESTED_NEWLINE[depth], (byte) '\n');
                PacketCursor nested = new PacketCursor(child, 0, child.length);
                HeartbeatMessage message = read(nested, depth + 1);
                if (!nested.atEnd()) {
                    throw at.error("bytes after a nested message's end");
                }
                return FieldValue.Nested.struct(message);
        }
    }

    private static byte[] replace(byte[] bytes, byte from, byte to) {
        byte[] replaced = bytes.clone();
        for (int i = 0; i < replaced.length; i++) {
            if (replaced[i] == from) {
                replaced[i] = to;
            }
        }
        return replaced;
    }
}
