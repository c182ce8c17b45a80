package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Tool output recorded on Debian 12 inside network namespaces by {@code src/test/resources/recorded/record.sh}:
 * for each command NAME its {@code NAME.stdout}, {@code NAME.stderr} and exit code {@code NAME.rc}.
 */
final class Recorded {

    private Recorded() {
    }

    static String stdout(String name) {
        return read(name + ".stdout");
    }

    static String stderr(String name) {
        return read(name + ".stderr");
    }

    static int exitCode(String name) {
        return Integer.parseInt(read(name + ".rc").strip());
    }

    private static String read(String file) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no recording " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
