package org.jheartbeat.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tool output and files recorded on real systems, kept in a module's test resources under {@code /recorded}
 * (each module's {@code src/test/resources/recorded/README.md} says where they came from). A recorded tool run
 * {@code NAME} is three files: {@code NAME.rc} (exit status), {@code NAME.out} and {@code NAME.err}.
 */
public final class Recorded {

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

    /** Scripts {@code rule} to answer as the tool did in recording {@code name} (exit status, stdout, stderr). */
    public static FakeCommandRunner.Rule answer(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(Integer.parseInt(text(name + ".rc").strip()), text(name + ".out"), text(name + ".err"));
    }

    /** Scripts {@code rule} to print the recorded file {@code name} as a successful {@code cat} would. */
    public static FakeCommandRunner.Rule file(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(0, text(name));
    }
}
