package org.jheartbeat.agent.control;

import java.util.List;
import java.util.Map;

/**
 * The answer to one request: a single JSON object on one line. {@code ok} false carries an {@code error} code
 * (malformed, too-long, forbidden, unknown-command, bad-argument, blocked, unavailable) and a message for the operator.
 */
public record ControlReply(boolean ok, String error, String message, StatusReport status, String rendered,
                           List<String> groups, Map<String, Object> metrics) {

    public static ControlReply done(String message) {
        return new ControlReply(true, null, message, null, null, null, null);
    }

    public static ControlReply of(StatusReport status) {
        return new ControlReply(true, null, null, status, null, null, null);
    }

    public static ControlReply rendered(String text) {
        return new ControlReply(true, null, null, null, text, null, null);
    }

    public static ControlReply cleaned(List<String> groups) {
        return new ControlReply(true, null, "failures forgotten for " + String.join(", ", groups), null, null, groups,
                null);
    }

    public static ControlReply of(Map<String, Object> metrics) {
        return new ControlReply(true, null, null, null, null, null, metrics);
    }

    public static ControlReply refused(String error, String message) {
        return new ControlReply(false, error, message, null, null, null, null);
    }
}
