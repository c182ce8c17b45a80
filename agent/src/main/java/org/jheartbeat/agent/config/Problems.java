package org.jheartbeat.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one validation pass, so that a report shows all of them, not just the first. */
final class Problems {

    private final List<ConfigProblem> found = new ArrayList<>();

    void error(SourceLocation where, String message) {
        found.add(new ConfigProblem(ConfigProblem.Severity.ERROR, where, message));
    }

    void warning(SourceLocation where, String message) {
        found.add(new ConfigProblem(ConfigProblem.Severity.WARNING, where, message));
    }

    boolean hasErrors() {
        return errorCount() > 0;
    }

    int errorCount() {
        return (int) found.stream().filter(ConfigProblem::isError).count();
    }

    List<ConfigProblem> list() {
        return List.copyOf(found);
    }
}
