package org.jheartbeat.agent.control;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jheartbeat.agent.history.Transition;

/** Renders {@code hbctl history}: each transition on one line, then its steps with their offsets. */
public final class HistoryText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS",
            Locale.ROOT);

    private final ZoneId zone;

    public HistoryText(ZoneId zone) {
        this.zone = zone;
    }

    public String render(HistoryReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Transitions on ").append(report.node()).append(", oldest first (the last ").append(report.kept())
                .append(" are kept):\n");
        if (report.transitions().isEmpty()) {
            out.append("  none since the agent started\n");
        }
        for (Transition transition : report.transitions()) {
            out.append('\n').append(WHEN.format(transition.began().atZone(zone))).append("  ")
                    .append(transition.kind());
            if (transition.group() != null) {
                out.append(' ').append(transition.group());
            }
            if (transition.peer() != null) {
                out.append(transition.kind().equals("release") ? " after " : " from ").append(transition.peer());
            }
            out.append(": ").append(transition.outcome());
            if (!transition.outcome().equals("underway")) {
                out.append(" after ").append(transition.tookMillis()).append(" ms");
            }
            out.append('\n');
            for (Transition.Step step : transition.steps()) {
                out.append(String.format(Locale.ROOT, "  %+8d ms  %-12s %s", step.atMillis(), step.event(),
                        step.subject() == null ? "" : step.subject()));
                if (step.tookMillis() != null) {
                    out.append(" (").append(step.tookMillis()).append(" ms)");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
