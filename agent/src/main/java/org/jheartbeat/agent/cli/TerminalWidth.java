package org.jheartbeat.agent.cli;

import java.util.stream.Collectors;

/** The terminal's width for watch mode, from $COLUMNS as shells export it, else 80; long lines are cut. */
record TerminalWidth(int columns) {

    static TerminalWidth current() {
        String columns = System.getenv("COLUMNS");
        try {
            return new TerminalWidth(columns == null ? 80 : Math.max(20, Integer.parseInt(columns.trim())));
        } catch (NumberFormatException e) {
            return new TerminalWidth(80);
        }
    }

    String fit(String text) {
        return text.lines().map(line -> line.replace("\t", "  "))
                .map(line -> line.length() > columns ? line.substring(0, columns) : line)
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
