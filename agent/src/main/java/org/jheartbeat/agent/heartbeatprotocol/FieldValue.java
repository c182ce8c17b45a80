package org.jheartbeat.agent.heartbeatprotocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A field's value, one kind per {@link FieldType}. Text is kept as heartbeat keeps it, a byte string: each char
 * is one byte (ISO-8859-1), so every value read re-encodes to the same bytes.
 */
public sealed interface FieldValue {

    FieldType type();

    /** A {@link FieldType#STRING} value. */
    record Text(String text) implements FieldValue {

        public Text {
            if (!WireText.isByteString(text)) {
                throw new IllegalArgumentException("a heartbeat string holds bytes: chars above U+00FF cannot be sent");
            }
        }

        @Override
        public FieldType type() {
            return FieldType.STRING;
        }
    }

    /** A {@link FieldType#BINARY} or {@link FieldType#COMPRESSED} value; the array is copied in and out. */
    record Bytes(FieldType type, byte[] bytes) implements FieldValue {

        public Bytes {
            if (type != FieldType.BINARY && type != FieldType.COMPRESSED) {
                throw new IllegalArgumentException("bytes are a binary or compressed value, not " + type);
            }
            bytes = bytes.clone();
        }

        public static Bytes binary(byte[] bytes) {
            return new Bytes(FieldType.BINARY, bytes);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        byte[] sharedBytes() {
            return bytes;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes that && type == that.type && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return type + "[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** A {@link FieldType#STRUCT} or {@link FieldType#UNCOMPRESSED} value: a message inside the message. */
    record Nested(FieldType type, HeartbeatMessage message) implements FieldValue {

        public Nested {
            if (type != FieldType.STRUCT && type != FieldType.UNCOMPRESSED) {
                throw new IllegalArgumentException("a nested message is a struct or uncompressed value, not " + type);
            }
        }

        public static Nested struct(HeartbeatMessage message) {
            return new Nested(FieldType.STRUCT, message);
        }
    }

    /** A {@link FieldType#LIST} value. heartbeat refuses empty elements, so this does too. */
    record StringList(List<String> elements) implements FieldValue {

        public StringList {
            elements = List.copyOf(elements);
            for (String element : elements) {
                if (element.isEmpty() || !WireText.isByteString(element)) {
                    throw new IllegalArgumentException("list elements are non-empty byte strings: " + element);
                }
            }
        }

        @Override
        public FieldType type() {
            return FieldType.LIST;
        }
    }
}
