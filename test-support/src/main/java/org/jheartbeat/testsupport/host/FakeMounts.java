package org.jheartbeat.testsupport.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.MountTable;

/** The fake host's mount table: the recorded one it starts from, then what its mount tools change. */
final class FakeMounts {

    private final List<MountEntry> entries = new ArrayList<>();
    /** The directory a bind mount shows (as the file tree holds it), by mount id. */
    private final Map<Integer, Path> boundSources = new HashMap<>();
    private String unread = "";

    /** @return the mount points of the table, empty when it cannot be understood (every read then fails) */
    List<Path> startFrom(String mountInfo) {
        entries.clear();
        boundSources.clear();
        unread = mountInfo;
        try {
            return table().entries().stream().map(entry -> Path.of(entry.mountPoint())).toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** @throws IllegalArgumentException as long as the recorded table it starts from cannot be understood */
    MountTable table() {
        if (!unread.isEmpty()) {
            entries.addAll(MountTable.parse(unread, "fake mountinfo").entries());
            unread = "";
        }
        return new MountTable(entries);
    }

    /** Adds a mount, numbered after the last and parented by the mount it lies on. */
    void add(MountEntry mount, Optional<Path> boundSource) {
        int id = table().entries().stream().mapToInt(MountEntry::mountId).max().orElse(0) + 1;
        int parent = containing(Path.of(mount.mountPoint())).map(MountEntry::mountId).orElse(0);
        entries.add(new MountEntry(id, parent, mount.device(), mount.root(), mount.mountPoint(), mount.mountOptions(),
                mount.fsType(), mount.source(), mount.superOptions()));
        boundSource.ifPresent(source -> boundSources.put(id, source));
    }

    void remove(MountEntry mount) {
        entries.remove(mount);
        boundSources.remove(mount.mountId());
    }

    /** The mount a path lies on: the last one stacked on the longest mount point that contains it. */
    Optional<MountEntry> containing(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        MountEntry best = null;
        for (MountEntry entry : table().entries()) {
            Path mountPoint = Path.of(entry.mountPoint());
            if (normal.startsWith(mountPoint)
                    && (best == null || mountPoint.getNameCount() >= Path.of(best.mountPoint()).getNameCount())) {
                best = entry;
            }
        }
        return Optional.ofNullable(best);
    }

    /** What a path shows when a bind mount is visible there: the bound directory; otherwise the path itself. */
    Path boundSource(Path path) {
        if (boundSources.isEmpty()) {
            return path;
        }
        return table().visibleAt(path.toString()).map(mount -> boundSources.get(mount.mountId())).orElse(path);
    }
}
