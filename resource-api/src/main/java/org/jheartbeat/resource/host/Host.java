package org.jheartbeat.resource.host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a resource learns and changes on this node without running a tool: the mount table, paths and
 * directories, small files the services write (pid files, logs), the processes that use a filesystem, and
 * signals to processes. Tools (mount, umount, fsck, exportfs, ...) run through the
 * {@link org.jheartbeat.resource.OperationTools}; their effect shows here ({@link #mounts()}).
 *
 * <p>{@link LinuxHost} is the real one. test-support ships a strict in-memory one; both pass the same contract
 * tests (test-support's {@code HostContract}), the Linux one inside a private mount namespace.
 */
public interface Host {

    /** What a path is, symlinks followed: a dangling symlink is {@link #MISSING}. */
    enum PathKind { MISSING, DIRECTORY, BLOCK_DEVICE, OTHER }

    enum Signal { TERM, KILL }

    /**
     * A process using a filesystem.
     *
     * @param command its command line (or {@code [comm]} for a kernel thread or a process without one)
     * @param uses    how it uses the filesystem: {@code cwd}, {@code root}, {@code exe}, {@code fd 3 -> /data/log},
     *                {@code mmap /data/lib.so}
     */
    record Holder(long pid, String command, List<String> uses) {
        public Holder {
            uses = List.copyOf(uses);
        }

        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ") " + String.join(", ", uses);
        }
    }

    /**
     * The mount table of the mount namespace the tools run in.
     *
     * @throws java.io.UncheckedIOException when it cannot be read
     * @throws IllegalArgumentException     when it cannot be understood, naming the file and line
     */
    MountTable mounts();

    PathKind kind(Path path);

    default boolean exists(Path path) {
        return kind(path) != PathKind.MISSING;
    }

    /** The target written in the symlink at {@code path}; empty when {@code path} is not a symlink. */
    Optional<Path> symlinkTarget(Path path);

    /** Whether both paths exist and are the same file, symlinks and bind mounts followed. */
    boolean sameFile(Path first, Path second);

    /** Creates the directory and its missing parents, as {@link java.nio.file.Files#createDirectories} does. */
    void createDirectories(Path directory) throws IOException;

    /** The file's last {@code maxBytes} bytes as text; empty when it does not exist or cannot be read. */
    Optional<String> readTail(Path file, int maxBytes);

    /** The major:minor of a block device node, symlinks followed. */
    DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException;

    /**
     * The device number files under {@code path} report ({@code st_dev}). Usually the one the mount table shows
     * for the mount, but not always: btrfs reports a per-subvolume number, so busy-mount detection needs both.
     */
    DeviceNumber fileSystemOf(Path path) throws IOException;

    /** Every process (other than this agent, which is logged instead) using a filesystem on these devices. */
    List<Holder> holders(Set<DeviceNumber> devices);

    /**
     * The process's name as the kernel keeps it ({@code comm}); empty once all its threads have exited, as a
     * zombie too. A process whose first thread exited while others still run is still there.
     */
    Optional<String> processName(long pid);

    /** @return false when the process is already gone (or is this agent, which never signals itself) */
    boolean signal(long pid, Signal signal);
}
