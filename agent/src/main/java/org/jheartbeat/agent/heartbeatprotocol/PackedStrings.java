package org.jheartbeat.agent.heartbeatprotocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A {@link FieldType#LIST} value on the wire, the same in both framings: {@code 3:abc,4:defg,}. */
final class PackedStrings {

    private PackedStrings() {
    }

    static void write(List<String> elements, ByteArrayOutputStream out) {
        for (String element : elements) {
            out.writeBytes(WireText.bytes(element.length() + ":" + element + ","));
        }
    }

    static FieldValue.StringList read(PacketCursor in) throws MalformedPacketException {
        List<String> elements = new ArrayList<>();
        while (!in.atEnd()) {
            int length = in.length("a list element");
            if (length == 0) {
                throw in.error("a list element is empty");
            }
            in.expect(':', "':' after a list element's length");
            if (in.remaining() <= length) {
                throw in.error("a list element runs past its field");
            }
            elements.add(in.text(length));
            in.expect(',', "',' after a list element");
        }
        return new FieldValue.StringList(elements);
    }
}
