package org.jheartbeat.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a status reply cl_status needs, read with Jackson's streaming parser: JSON binding's start-up
 * alone costs more than heartbeat's whole cl_status (figures: docs/control-protocol.md). Field names are those
 * of {@link org.jheartbeat.agent.control.StatusReport}; a test reads every report through both.
 */
record ClusterSummary(String node, String version, String resourceHold, List<String> pingTargets, List<Node> nodes) {

    private static final JsonFactory JSON = new JsonFactory();

    record Node(String name, String state, Integer pingReachable, List<Link> links) {
    }

    record Link(String name, boolean up) {
    }

    /** The summary in a reply; an error reply is returned as the exception's message. */
    static ClusterSummary ofReply(String reply) throws IOException, RefusedException {
        try (JsonParser parser = JSON.createParser(reply)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            ClusterSummary summary = null;
            String message = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("status") && value == JsonToken.START_OBJECT) {
                    summary = status(parser);
                } else if (field.equals("message")) {
                    message = parser.getValueAsString();
                } else {
                    parser.skipChildren();
                }
            }
            if (summary == null) {
                throw new RefusedException(message == null ? "the agent sent no status" : message);
            }
            return summary;
        }
    }

    /** The agent answered, but with an error instead of a status. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    private static ClusterSummary status(JsonParser parser) throws IOException {
        String node = null;
        String version = null;
        String hold = null;
        List<String> pingTargets = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "node" -> node = parser.getValueAsString();
                case "version" -> version = parser.getValueAsString();
                case "resourceHold" -> hold = parser.getValueAsString();
                case "pingTargets" -> {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        pingTargets.add(parser.getValueAsString());
                    }
                }
                case "nodes" -> {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        nodes.add(node(parser));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ClusterSummary(node, version, hold, pingTargets, nodes);
    }

    private static Node node(JsonParser parser) throws IOException {
        String name = null;
        String state = null;
        Integer pingReachable = null;
        List<Link> links = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "name" -> name = parser.getValueAsString();
                case "state" -> state = parser.getValueAsString();
                case "pingReachable" -> pingReachable = parser.getIntValue();
                case "links" -> {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        links.add(link(parser));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Node(name, state, pingReachable, links);
    }

    private static Link link(JsonParser parser) throws IOException {
        String name = null;
        boolean up = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "name" -> name = parser.getValueAsString();
                case "up" -> up = value == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }
        return new Link(name, up);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("the reply is not a JSON object");
        }
    }
}
