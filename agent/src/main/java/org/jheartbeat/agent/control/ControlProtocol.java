package org.jheartbeat.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** The wire format shared by the server and its clients: one JSON object per line each way, then close. */
public final class ControlProtocol {

    /** Longer requests are refused unread: no legitimate request comes near it. */
    public static final int MAX_REQUEST_BYTES = 4096;
    /** A client that has not sent its whole request by then is dropped. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ControlProtocol() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Object message) {
        try {
            return MAPPER.writeValueAsString(message) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String line, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(line, type);
    }
}
