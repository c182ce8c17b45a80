package org.jheartbeat.agent.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where a piece of configuration came from; line 0 means the file as a whole. */
public record SourceLocation(Path file, int line) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line " + line);
        }
    }

    public static SourceLocation wholeFile(Path file) {
        return new SourceLocation(file, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file.toString() : file + ":" + line;
    }
}
