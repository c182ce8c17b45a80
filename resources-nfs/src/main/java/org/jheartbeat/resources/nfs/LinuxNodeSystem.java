package org.jheartbeat.resources.nfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.jheartbeat.resources.filesystem.MountTable;

/**
 * {@link NodeSystem} on Linux, seen from the mount namespace of one process: the agent's own
 * ({@code /proc/self}) in production; tests that run the servers inside a private mount namespace pass
 * {@code /proc/PID} of a process in it, and paths are then reached through its {@code root} link.
 */
public final class LinuxNodeSystem implements NodeSystem {

    private static final Path ROOT = Path.of("/");
    /** As the kernel's limit on symlinks followed in one lookup. */
    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path process;
    private final boolean ownNamespace;

    public LinuxNodeSystem() {
        this(Path.of("/proc/self"));
    }

    /** @param process {@code /proc/PID} of a process whose mount namespace the tools run in */
    public LinuxNodeSystem(Path process) {
        this.process = process;
        this.ownNamespace = process.equals(Path.of("/proc/self"));
    }

    private Path seen(Path path) {
        return seen(path, true);
    }

    /**
     * The path as a process in the namespace sees it. Through {@code /proc/PID/root} the kernel would resolve an
     * absolute symlink target (the seed's {@code /var/lib/nfs -> /data/nfs}) in this JVM's namespace, so symlinks
     * are followed here, against the namespace's root.
     */
    private Path seen(Path path, boolean followLast) {
        if (ownNamespace) {
            return path;
        }
        Deque<Path> pending = new ArrayDeque<>();
        path.toAbsolutePath().normalize().forEach(pending::addLast);
        Path resolved = ROOT;
        for (int hops = 0; !pending.isEmpty(); ) {
            Path candidate = resolved.resolve(pending.removeFirst());
            Path inside = insideRoot(candidate);
            if ((followLast || !pending.isEmpty()) && Files.isSymbolicLink(inside) && hops++ < MAX_SYMLINK_HOPS) {
                try {
                    Path target = Files.readSymbolicLink(inside);
                    Deque<Path> rest = new ArrayDeque<>(pending);
                    pending.clear();
                    resolved.resolve(target).normalize().forEach(pending::addLast);
                    pending.addAll(rest);
                    resolved = ROOT;
                    continue;
                } catch (IOException e) {
                    // Unreadable link: leave it to the caller's own access, which fails with the reason.
                }
            }
            resolved = candidate;
        }
        return insideRoot(resolved);
    }

    private Path insideRoot(Path absolute) {
        return process.resolve("root").resolve(ROOT.relativize(absolute));
    }

    @Override
    public PathKind kind(Path path) {
        Path seen = seen(path, false);
        if (Files.isSymbolicLink(seen)) {
            return PathKind.SYMLINK;
        }
        if (!Files.exists(seen, LinkOption.NOFOLLOW_LINKS)) {
            return PathKind.MISSING;
        }
        return Files.isDirectory(seen) ? PathKind.DIRECTORY : PathKind.OTHER;
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(seen(path));
    }

    @Override
    public boolean sameFile(Path first, Path second) {
        try {
            return exists(first) && exists(second) && Files.isSameFile(seen(first), seen(second));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Path symlinkTarget(Path symlink) throws IOException {
        return Files.readSymbolicLink(seen(symlink, false));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(seen(directory));
    }

    @Override
    public Optional<String> readTail(Path file, int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(seen(file).toFile(), "r")) {
            long start = Math.max(0, in.length() - maxBytes);
            byte[] tail = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(tail);
            return Optional.of(new String(tail, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public MountTable mounts() {
        Path mountInfo = process.resolve("mountinfo");
        try {
            return MountTable.parse(Files.readString(mountInfo), mountInfo.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mountInfo + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> processName(long pid) {
        // proc(5) stat: "PID (COMM) STATE ...", COMM may itself hold spaces and parentheses.
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            boolean zombie = close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
            return open < 0 || close < open || zombie ? Optional.empty()
                    : Optional.of(stat.substring(open + 1, close));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        Optional<ProcessHandle> target = ProcessHandle.of(pid);
        if (target.isEmpty() || pid == ProcessHandle.current().pid()) {
            return false;
        }
        return signal == Signal.TERM ? target.get().destroy() : target.get().destroyForcibly();
    }
}
