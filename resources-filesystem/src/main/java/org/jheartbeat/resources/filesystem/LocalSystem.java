package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the Filesystem resource learns and changes on this node without running a tool: the mount table,
 * paths, and the processes that keep a filesystem busy. Tools (blkid, fsck, mount, umount) go through the
 * {@link org.jheartbeat.resource.CommandRunner}.
 */
public interface LocalSystem {

    /** What a path is, as far as mounting cares. */
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

    /** The current mount table of the namespace the agent's tools run in. */
    MountTable mounts();

    PathKind kind(Path path);

    /** The major:minor of a block device node, following symlinks. */
    DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException;

    /**
     * The device number files under {@code path} report ({@code st_dev}). Usually the one mountinfo shows for the
     * mount, but not always: btrfs reports a per-subvolume number, so busy-mount detection needs both.
     */
    DeviceNumber fileSystemOf(Path path) throws IOException;

    void createDirectories(Path directory) throws IOException;

    /** Every process (other than this agent, which is logged instead) using a filesystem on these devices. */
    List<Holder> holders(Set<DeviceNumber> devices);

    /** @return false when the process is already gone */
    boolean signal(long pid, Signal signal);

    boolean isAlive(long pid);
}
