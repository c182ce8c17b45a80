package org.jheartbeat.resources.nfs;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Checks of directory paths given in arguments and settings. */
final class PathArguments {

    private PathArguments() {
    }

    /** @throws IllegalArgumentException naming {@code what} unless the text is an absolute, normal path other than / */
    static Path absolute(String text, String what) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " is not a path: '" + text + "'", e);
        }
        if (!path.isAbsolute() || !path.normalize().equals(path) || path.getNameCount() == 0
                || text.endsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path without '.', '..',"
                    + " a trailing '/' or being '/' itself, got '" + text + "'");
        }
        return path;
    }

    static Optional<Path> optionalAbsolute(String text, String what) {
        return text.isEmpty() ? Optional.empty() : Optional.of(absolute(text, what));
    }
}
