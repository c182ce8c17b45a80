package org.jheartbeat.agent.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether standard error is systemd's journal, as systemd.exec(5) tells a service to check: {@code $JOURNAL_STREAM}
 * holds the device and inode numbers of the stream the journal reads, and only a process whose standard error is
 * still that stream (not redirected by a launcher or a shell) writes to the journal through it.
 */
final class JournalStream {

    static final Path JOURNAL_SOCKET = Path.of("/run/systemd/journal/socket");
    private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

    private JournalStream() {
    }

    /** @return journald's native socket when this process's standard error is the journal */
    static Optional<Path> ofThisProcess() {
        return isStandardError(System.getenv(), STANDARD_ERROR) ? Optional.of(JOURNAL_SOCKET) : Optional.empty();
    }

    /** @param standardError a path whose attributes are those of standard error (a /proc fd link is followed) */
    static boolean isStandardError(Map<String, String> environment, Path standardError) {
        String stream = environment.get("JOURNAL_STREAM");
        if (stream == null) {
            return false;
        }
        String[] deviceAndInode = stream.split(":");
        if (deviceAndInode.length != 2) {
            return false;
        }
        try {
            Map<String, Object> file = Files.readAttributes(standardError, "unix:dev,ino");
            return Long.parseUnsignedLong(deviceAndInode[0]) == (long) file.get("dev")
                    && Long.parseUnsignedLong(deviceAndInode[1]) == (long) file.get("ino");
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return false;
        }
    }
}
