package org.jheartbeat.resource.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Host} on Linux, seen from the mount namespace of one process: the agent's own ({@code /proc/self}) in
 * production. Tests that run the tools inside a private mount namespace name a process in it
 * ({@link #ofProcess}): its {@code mountinfo} is the mount table, and paths are reached through its {@code root}.
 * Processes and devices are the kernel's, the same from every mount namespace.
 */
public final class LinuxHost implements Host {

    private static final Path ROOT = Path.of("/");
    private static final Path OWN_PROCESS = Path.of("/proc/self");
    /** As the kernel's limit on symlinks followed in one lookup. */
    private static final int MAX_SYMLINK_HOPS = 40;
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE_TYPE = 0060000;
    private static final int READ_BUFFER_BYTES = 8192;

    private final Path process;
    private final ProcHolderScan holderScan = new ProcHolderScan(Path.of("/proc"), ProcessHandle.current().pid());

    /** The agent's own mount namespace, where its tools run. */
    public LinuxHost() {
        this(OWN_PROCESS);
    }

    private LinuxHost(Path process) {
        this.process = process;
    }

    /** The mount namespace of process {@code pid}, for tests whose tools run inside a private one. */
    public static LinuxHost ofProcess(long pid) {
        return new LinuxHost(Path.of("/proc", Long.toString(pid)));
    }

    /**
     * The path as a process in the namespace sees it. Through {@code /proc/PID/root} the kernel would resolve an
     * absolute symlink target (the seed's {@code /var/lib/nfs -> /data/nfs}) in this JVM's namespace, so symlinks
     * are followed here, against the namespace's root.
     */
    private Path seen(Path path, boolean followLast) {
        if (process.equals(OWN_PROCESS)) {
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

    private Path seen(Path path) {
        return seen(path, true);
    }

    private Path insideRoot(Path absolute) {
        return process.resolve("root").resolve(ROOT.relativize(absolute));
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
    public PathKind kind(Path path) {
        Path seen = seen(path);
        if (!Files.exists(seen)) {
            return PathKind.MISSING;
        }
        if (Files.isDirectory(seen)) {
            return PathKind.DIRECTORY;
        }
        try {
            int mode = (Integer) Files.getAttribute(seen, "unix:mode");
            return (mode & FILE_TYPE_MASK) == BLOCK_DEVICE_TYPE ? PathKind.BLOCK_DEVICE : PathKind.OTHER;
        } catch (IOException e) {
            return PathKind.OTHER;
        }
    }

    @Override
    public Optional<Path> symlinkTarget(Path path) {
        try {
            return Optional.of(Files.readSymbolicLink(seen(path, false)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
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
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(seen(directory));
    }

    /** A regular file is read from where its tail starts; a kernel file (procfs reports no size) to its end. */
    @Override
    public Optional<String> readTail(Path file, int maxBytes) {
        try (SeekableByteChannel channel = Files.newByteChannel(seen(file))) {
            if (channel.size() > maxBytes) {
                channel.position(channel.size() - maxBytes);
            }
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
            while (channel.read(buffer) >= 0) {
                read.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            byte[] bytes = read.toByteArray();
            int start = Math.max(0, bytes.length - maxBytes);
            return Optional.of(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException {
        return DeviceNumber.fromDevT((Long) Files.getAttribute(seen(blockDevice), "unix:rdev"));
    }

    @Override
    public DeviceNumber fileSystemOf(Path path) throws IOException {
        return DeviceNumber.fromDevT((Long) Files.getAttribute(seen(path), "unix:dev"));
    }

    @Override
    public List<Holder> holders(Set<DeviceNumber> devices) {
        return holderScan.holders(devices);
    }

    @Override
    public Optional<String> processName(long pid) {
        // proc(5) stat: "PID (COMM) STATE ...", COMM may itself hold spaces and parentheses.
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            boolean zombie = close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
            // A leader that exited before its other threads shows as a zombie while they still run and hold its
            // sockets and files: a killed Ganesha whose threads wait on the disk still has port 2049 bound.
            return open < 0 || close < open || zombie && threads(pid) <= 1 ? Optional.empty()
                    : Optional.of(stat.substring(open + 1, close));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The threads of the process not yet reaped, the leader included (proc(5) status: "Threads:"). */
    private static int threads(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).strip()))
                .findFirst().orElse(1);
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
