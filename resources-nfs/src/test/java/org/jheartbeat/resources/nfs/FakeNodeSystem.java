package org.jheartbeat.resources.nfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.resources.filesystem.MountTable;

/**
 * A node's paths, files, mount table and processes held in memory. Directories and symlinks are declared by
 * the test; a symlink counts as existing (and as the same file as its target) when its target exists.
 */
final class FakeNodeSystem implements NodeSystem {

    private final Set<Path> directories = new HashSet<>();
    private final Map<Path, Path> symlinks = new HashMap<>();
    private final Map<Path, String> files = new HashMap<>();
    private final Map<Path, Path> bindMounts = new HashMap<>();
    private final Map<Long, String> processes = new HashMap<>();
    private final List<String> signals = new ArrayList<>();
    private final Set<Long> ignoringTerm = new HashSet<>();
    private String mountInfo = "";

    FakeNodeSystem directory(String... paths) {
        for (String path : paths) {
            directories.add(Path.of(path));
        }
        return this;
    }

    FakeNodeSystem symlink(String link, String target) {
        symlinks.put(Path.of(link), Path.of(target));
        return this;
    }

    FakeNodeSystem file(String path, String content) {
        files.put(Path.of(path), content);
        return this;
    }

    /** Makes {@code onto} show the directory {@code from}, as a bind mount would. */
    FakeNodeSystem bound(String from, String onto) {
        bindMounts.put(Path.of(onto), Path.of(from));
        return this;
    }

    FakeNodeSystem mountInfo(String text) {
        mountInfo = text;
        return this;
    }

    FakeNodeSystem process(long pid, String name) {
        processes.put(pid, name);
        return this;
    }

    /** The process survives TERM (it exits on KILL only). */
    FakeNodeSystem ignoresTerm(long pid) {
        ignoringTerm.add(pid);
        return this;
    }

    List<String> signals() {
        return List.copyOf(signals);
    }

    boolean isDirectory(String path) {
        return directories.contains(Path.of(path));
    }

    private Path resolve(Path path) {
        Path bound = bindMounts.get(path);
        if (bound != null) {
            return bound;
        }
        Path target = symlinks.get(path);
        return target == null ? path : target;
    }

    @Override
    public PathKind kind(Path path) {
        if (symlinks.containsKey(path)) {
            return PathKind.SYMLINK;
        }
        if (directories.contains(path)) {
            return PathKind.DIRECTORY;
        }
        return files.containsKey(path) ? PathKind.OTHER : PathKind.MISSING;
    }

    @Override
    public boolean exists(Path path) {
        Path resolved = resolve(path);
        return directories.contains(resolved) || files.containsKey(resolved);
    }

    @Override
    public boolean sameFile(Path first, Path second) {
        return exists(first) && exists(second) && resolve(first).equals(resolve(second));
    }

    @Override
    public Path symlinkTarget(Path symlink) throws IOException {
        Path target = symlinks.get(symlink);
        if (target == null) {
            throw new IOException(symlink + ": not a symlink");
        }
        return target;
    }

    @Override
    public void createDirectories(Path directory) {
        for (Path path = directory; path != null; path = path.getParent()) {
            directories.add(path);
        }
    }

    @Override
    public Optional<String> readTail(Path file, int maxBytes) {
        return Optional.ofNullable(files.get(file))
                .map(text -> text.length() <= maxBytes ? text : text.substring(text.length() - maxBytes));
    }

    @Override
    public MountTable mounts() {
        return MountTable.parse(mountInfo, "fake mountinfo");
    }

    @Override
    public Optional<String> processName(long pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        signals.add(signal + " " + pid);
        if (!processes.containsKey(pid)) {
            return false;
        }
        if (signal == Signal.KILL || !ignoringTerm.contains(pid)) {
            processes.remove(pid);
        }
        return true;
    }
}
