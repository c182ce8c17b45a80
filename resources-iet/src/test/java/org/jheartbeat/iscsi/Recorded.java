package org.jheartbeat.iscsi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jheartbeat.testsupport.FakeCommandRunner;

/** Tool output kept under src/test/resources/recorded (see the README there for where each came from). */
final class Recorded {

    private Recorded() {
    }

    static String text(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an answer as the tool gave it in recording {@code name} ({@code name.rc}, {@code .out}, {@code .err}). */
    static FakeCommandRunner.Rule answer(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(Integer.parseInt(text(name + ".rc").strip()), text(name + ".out"), text(name + ".err"));
    }

    /** Adds an answer that prints the recorded file {@code name} as a successful {@code cat} would. */
    static FakeCommandRunner.Rule file(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(0, text(name));
    }
}
