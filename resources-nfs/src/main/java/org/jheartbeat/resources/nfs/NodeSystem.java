package org.jheartbeat.resources.nfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.resources.filesystem.MountTable;

/**
 * What the NFS resources learn and change on this node without running a tool: paths, the mount table, files
 * the servers write (pid file, log) and the server processes. Tools go through the
 * {@link org.jheartbeat.resource.CommandRunner}.
 */
interface NodeSystem {

    /** What a path is, not following a final symlink: the seed's {@code /var/lib/nfs} is one. */
    enum PathKind { MISSING, DIRECTORY, SYMLINK, OTHER }

    enum Signal { TERM, KILL }

    PathKind kind(Path path);

    /** Whether the path exists after following symlinks (a dangling symlink does not). */
    boolean exists(Path path);

    /** Whether both paths exist and name the same directory (same device and inode), symlinks followed. */
    boolean sameFile(Path first, Path second);

    /** The symlink's target as written in it. */
    Path symlinkTarget(Path symlink) throws IOException;

    void createDirectories(Path directory) throws IOException;

    /** The file's last {@code maxBytes} bytes as text; empty when it does not exist or cannot be read. */
    Optional<String> readTail(Path file, int maxBytes);

    /** The mount table of the mount namespace the tools run in. */
    MountTable mounts();

    /** The process's name as the kernel keeps it ({@code comm}); empty when it has exited, zombies included. */
    Optional<String> processName(long pid);

    /** @return false when the process is already gone */
    boolean signal(long pid, Signal signal);
}
