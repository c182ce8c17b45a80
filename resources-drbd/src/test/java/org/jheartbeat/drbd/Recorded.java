package org.jheartbeat.drbd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Tool output recorded from real systems, kept under src/test/resources/recorded (sources cited by each test). */
final class Recorded {

    private Recorded() {
    }

    static String text(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded output " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
