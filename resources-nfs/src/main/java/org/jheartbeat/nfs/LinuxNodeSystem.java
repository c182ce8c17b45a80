package org.jheartbeat.nfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.filesystem.MountTable;

/**
 * {@link NodeSystem} on Linux, seen from the mount namespace of one process: the agent's own
 * ({@code /proc/self}) in production; tests that run the servers inside a private mount namespace pass
 * {@code /proc/PID} of a process in it, and paths are then reached through its {@code root} link.
 */
public final class LinuxNodeSystem implements NodeSystem {

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
        return ownNamespace ? path : process.resolve("root").resolve(Path.of("/").relativize(path.toAbsolutePath()));
    }

    @Override
    public PathKind kind(Path path) {
        Path seen = seen(path);
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
        return Files.readSymbolicLink(seen(symlink));
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
