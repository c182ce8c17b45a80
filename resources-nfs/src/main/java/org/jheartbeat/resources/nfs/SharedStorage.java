package org.jheartbeat.resources.nfs;

import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.MountTable;

/**
 * Whether a directory that must fail over with the service (nfsd's state, Ganesha's recovery records) lies on a
 * filesystem of its own rather than on the node's root filesystem, where the peer would never see it.
 */
final class SharedStorage {

    private SharedStorage() {
    }

    /** The mount a path lies on: the last one stacked on the longest mount point that contains it. */
    static Optional<MountEntry> containingMount(MountTable mounts, Path path) {
        Path normal = path.toAbsolutePath().normalize();
        MountEntry best = null;
        int bestDepth = -1;
        for (MountEntry entry : mounts.entries()) {
            Path mountPoint = Path.of(entry.mountPoint());
            if (normal.startsWith(mountPoint) && mountPoint.getNameCount() >= bestDepth) {
                best = entry;
                bestDepth = mountPoint.getNameCount();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * @param role what the directory is for, e.g. {@code "shared state directory"}
     * @return why the directory is not on shared storage, or empty when it is on a mount other than {@code /}
     */
    static Optional<String> problem(MountTable mounts, Path directory, String role) {
        Optional<MountEntry> mount = containingMount(mounts, directory);
        if (mount.isEmpty() || mount.get().mountPoint().equals("/")) {
            return Optional.of(role + " " + directory + " lies on the root filesystem, not on shared storage:"
                    + " is the shared filesystem mounted?");
        }
        return Optional.empty();
    }
}
