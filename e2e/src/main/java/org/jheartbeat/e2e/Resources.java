package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The harness's scripts, copied out of the class path into a run's directory. */
final class Resources {

    private Resources() {
    }

    static Path copyExecutable(String name, Path directory) {
        Path target = directory.resolve(Path.of(name).getFileName());
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("harness resource " + name + " missing from the class path");
            }
            Files.createDirectories(directory);
            Files.copy(in, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + directory, e);
        }
    }
}
