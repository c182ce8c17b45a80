package org.jheartbeat.resource;

import java.time.Duration;
import java.util.stream.Collectors;

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
        String said = said();
        return command.display() + " " + ending() + (said.isEmpty() ? "" : ": " + said);
    }

    /** The first line of what the tool said (on stderr, else on stdout), secrets masked; empty when silent. */
    public String said() {
        return command.mask(firstLine(stderr.isBlank() ? stdout : stderr));
    }

    /**
     * One line for the log: what ran, how it ended, and everything it said, each stream's lines joined by
     * {@code " | "}, as resource-agents' ocf_run logs a failed command with its whole output.
     */
    public String describeWithOutput() {
        String said = streamLines("stdout", stdout) + streamLines("stderr", stderr);
        return command.display() + " " + ending() + " (" + (said.isEmpty() ? "no output" : said.substring(2))
                + (truncated ? "; output cut at " + ProcessCommandRunner.OUTPUT_LIMIT_BYTES / 1024 + " KiB a stream"
                : "") + ")";
    }

    private String ending() {
        return timedOut ? "timed out after " + command.timeout().toMillis() + " ms" : "exited " + exitCode;
    }

    private String streamLines(String name, String text) {
        String lines = text.strip().lines().map(String::strip).filter(line -> !line.isEmpty())
                .collect(Collectors.joining(" | "));
        return lines.isEmpty() ? "" : "; " + name + ": " + command.mask(lines);
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
