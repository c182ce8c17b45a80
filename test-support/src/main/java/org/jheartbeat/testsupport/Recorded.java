package org.jheartbeat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;

/**
 * Tool output and files recorded on real systems, kept in a module's test resources under {@code /recorded}
 * (each module's {@code src/test/resources/recorded/README.md} says where they came from, and its recording
 * script writes them so). A recorded tool run {@code NAME} is three files, in every module: {@code NAME.rc} (exit
 * status), {@code NAME.out} (stdout) and {@code NAME.err} (stderr).
 */
public final class Recorded {

    /** One recorded tool run. */
    public record Run(int exitCode, String stdout, String stderr) {

        /** The run as what {@code command} came to. */
        public CommandResult resultOf(Command command) {
            return new CommandResult(command, exitCode, stdout, stderr, Duration.ZERO, false, false);
        }
    }

    private Recorded() {
    }

    /** The recorded file {@code /recorded/NAME}. */
    public static String text(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tool run recorded as {@code NAME.rc}, {@code NAME.out} and {@code NAME.err}. */
    public static Run run(String name) {
        return new Run(Integer.parseInt(text(name + ".rc").strip()), text(name + ".out"), text(name + ".err"));
    }

    /** Scripts {@code rule} to answer as the tool did in recording {@code name} (exit status, stdout, stderr). */
    public static FakeCommandRunner.Rule answer(FakeCommandRunner.Rule rule, String name) {
        Run run = run(name);
        return rule.answer(run.exitCode(), run.stdout(), run.stderr());
    }

    /** Scripts {@code rule} to print the recorded file {@code name} as a successful {@code cat} would. */
    public static FakeCommandRunner.Rule file(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(0, text(name));
    }
}
