package org.jheartbeat.agent.config;

import java.util.Comparator;

/** One thing wrong, or worth a warning, in the configuration, with where it is and what to do about it. */
public record ConfigProblem(Severity severity, SourceLocation location, String message) {

    public enum Severity { ERROR, WARNING }

    /** Errors before warnings, then by file and line, so a report reads top to bottom. */
    public static final Comparator<ConfigProblem> REPORT_ORDER = Comparator
            .comparing(ConfigProblem::severity)
            .thenComparing(problem -> problem.location().file().toString())
            .thenComparingInt(problem -> problem.location().line());

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: message} for errors, {@code file:line: warning: message} for warnings. */
    @Override
    public String toString() {
        return location + ": " + (isError() ? "" : "warning: ") + message;
    }
}
