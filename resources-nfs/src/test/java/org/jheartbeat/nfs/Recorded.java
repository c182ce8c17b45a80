package org.jheartbeat.nfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jheartbeat.testsupport.FakeCommandRunner;

/** Tool output and files recorded on real systems (see src/test/resources/recorded/README.md). */
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

    /** Scripts {@code rule} to answer as the tool did in recording {@code name} (exit status, stdout, stderr). */
    static FakeCommandRunner.Rule answer(FakeCommandRunner.Rule rule, String name) {
        return rule.answer(Integer.parseInt(text("tools/" + name + ".rc").strip()), text("tools/" + name + ".out"),
                text("tools/" + name + ".err"));
    }
}
