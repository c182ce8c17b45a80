package org.jheartbeat.agent.control;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The wire format shared by the server and its clients: one JSON object per line each way, then close. Messages are
 * records, bound by jackson-jr (record components in declaration order, null ones left out, unknown properties
 * refused): the agent keeps its JSON binding loaded for its whole life, and with jackson-jr it loads 101 Jackson
 * classes where jackson-databind took 405.
 */
public final class ControlProtocol {

    /** Longer requests are refused unread: no legitimate request comes near it. */
    public static final int MAX_REQUEST_BYTES = 4096;
    /** A client that has not sent its whole request by then is dropped. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final JSON BINDING = JSON.builder()
            .enable(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY, JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER)
            .build();
    private static final JSON PRETTY = BINDING.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private ControlProtocol() {
    }

    public static String encode(Object message) {
        return write(BINDING, message) + "\n";
    }

    /** Indented over several lines, for people: {@code hbctl status --json}, {@code hbctl metrics --json}. */
    public static String encodeIndented(Object message) {
        return write(PRETTY, message) + "\n";
    }

    /** One message of {@code type}; anything after its JSON object is refused as well. */
    public static <T> T decode(String line, Class<T> type) throws JsonProcessingException {
        try (JsonParser parser = BINDING.createParser(line)) {
            T message = BINDING.beanFrom(type, parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more after the JSON object");
            }
            return message;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail so", e);
        }
    }

    private static String write(JSON json, Object message) {
        try {
            return json.asString(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }
}
