package org.jheartbeat.agent.control;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/** How a status request wants its answer: the structured report, or rendered by the agent. */
public enum StatusFormat {
    REPORT,
    TEXT,
    XML,
    JSON;

    /** An absent format is the report. */
    public static Optional<StatusFormat> parse(String word) {
        if (word == null) {
            return Optional.of(REPORT);
        }
        for (StatusFormat format : values()) {
            if (format.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Text in the agent's time zone: the socket is local, so it is the caller's too. */
    public String render(StatusReport report) {
        return switch (this) {
            case TEXT -> new StatusText(ZoneId.systemDefault()).render(report);
            case XML -> new StatusXml().render(report);
            case JSON, REPORT -> ControlProtocol.encodeIndented(report);
        };
    }
}
