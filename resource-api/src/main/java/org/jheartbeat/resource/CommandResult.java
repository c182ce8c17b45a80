package org.jheartbeat.resource;

import java.time.Duration;

/**
 * How a {@link Command} ended. Output is captured up to a bound; {@code truncated} says whether more was
 * discarded.
 *
 * @param exitCode the process's exit status, or -1 when it had to be killed after its timeout
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr, Duration elapsed,
                            boolean timedOut, boolean truncated) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** One line for an error message: what ran, how it ended, and the first line of what it said. */
    public String describe() {
        String ending = timedOut ? "timed out after " + command.timeout().toMillis() + " ms"
                : "exited " + exitCode;
        String said = firstLine(stderr.isBlank() ? stdout : stderr);
        return command.display() + " " + ending + (said.isEmpty() ? "" : ": " + said);
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
