package org.jheartbeat.resources.nfs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One export the kernel resource makes itself instead of leaving them to {@code /etc/exports}: the
 * {@code exportfs -o OPTIONS CLIENT:DIRECTORY} form, one client per export.
 *
 * @param client  a host, address, {@code address/prefix} network or {@code *} (exports(5))
 * @param options exports(5) options, comma separated, e.g. {@code rw,sync,no_root_squash}
 */
record NfsExport(Path directory, String client, String options) {

    NfsExport {
        Objects.requireNonNull(directory, "directory");
        if (!directory.isAbsolute()) {
            throw new IllegalArgumentException("directory must be an absolute path, got '" + directory + "'");
        }
        if (client.isEmpty() || !client.matches("[^\\s():,]+|[^\\s(),]*:[^\\s(),]*")) {
            throw new IllegalArgumentException("client must be one host, address, network or *, got '" + client + "'");
        }
        if (options.isEmpty() || !options.matches("[^\\s()]+")) {
            throw new IllegalArgumentException("options must be exports(5) options without spaces, e.g. rw,sync;"
                    + " got '" + options + "'");
        }
    }

    /** What exportfs takes on its command line: {@code client:/directory}. */
    String target() {
        return client + ":" + directory;
    }

    List<String> exportCommand() {
        return List.of("exportfs", "-o", options, target());
    }

    List<String> unexportCommand() {
        return List.of("exportfs", "-u", target());
    }
}
