package org.jheartbeat.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * A reply read with Jackson's streaming parser only: ok, error, message and rendered; everything else skipped.
 * The status command takes this path because JSON binding's start-up (building deserializers for the whole
 * report) costs more than everything else hbctl does (figures: docs/control-protocol.md).
 */
record ReplyEnvelope(boolean ok, String error, String message, String rendered) {

    private static final JsonFactory JSON = new JsonFactory();

    static String request(Map<String, String> fields) {
        StringWriter line = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(line)) {
            generator.writeStartObject();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                generator.writeStringField(field.getKey(), field.getValue());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request", e);
        }
        return line + "\n";
    }

    static ReplyEnvelope parse(String reply) throws IOException {
        boolean ok = false;
        String error = null;
        String message = null;
        String rendered = null;
        try (JsonParser parser = JSON.createParser(reply)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the reply is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "ok" -> ok = value == JsonToken.VALUE_TRUE;
                    case "error" -> error = parser.getValueAsString();
                    case "message" -> message = parser.getValueAsString();
                    case "rendered" -> rendered = parser.getValueAsString();
                    default -> parser.skipChildren();
                }
            }
        }
        return new ReplyEnvelope(ok, error, message, rendered);
    }
}
