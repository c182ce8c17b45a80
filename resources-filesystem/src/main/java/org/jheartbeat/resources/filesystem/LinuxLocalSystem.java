package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link LocalSystem} on Linux: {@code /proc} for mounts and processes, stat for devices. */
public final class LinuxLocalSystem implements LocalSystem {

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE_TYPE = 0060000;

    private final Path mountInfo;
    private final Path root;
    private final ProcHolderScan holderScan;

    /** The agent's own mount namespace, where its mount and umount run. */
    public LinuxLocalSystem() {
        this(Path.of("/proc/self/mountinfo"), Path.of("/"));
    }

    /**
     * The mount namespace of another process, for tests that run the tools inside a private one: its mount table
     * and its view of the file tree ({@code /proc/PID/root} resolves paths through that namespace's mounts).
     */
    public static LinuxLocalSystem ofNamespaceOf(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        return new LinuxLocalSystem(process.resolve("mountinfo"), process.resolve("root"));
    }

    private LinuxLocalSystem(Path mountInfo, Path root) {
        this.mountInfo = mountInfo;
        this.root = root;
        this.holderScan = new ProcHolderScan(Path.of("/proc"), ProcessHandle.current().pid());
    }

    /** An absolute path as the namespace sees it. */
    private Path inNamespace(Path path) {
        return root.resolve(root.getRoot().relativize(path.toAbsolutePath()));
    }

    @Override
    public MountTable mounts() {
        try {
            return MountTable.parse(Files.readString(mountInfo), mountInfo.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + mountInfo + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PathKind kind(Path absolute) {
        Path path = inNamespace(absolute);
        if (!Files.exists(path)) {
            return PathKind.MISSING;
        }
        if (Files.isDirectory(path)) {
            return PathKind.DIRECTORY;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return (mode & FILE_TYPE_MASK) == BLOCK_DEVICE_TYPE ? PathKind.BLOCK_DEVICE : PathKind.OTHER;
        } catch (IOException e) {
            return PathKind.OTHER;
        }
    }

    @Override
    public DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException {
        return DeviceNumber.fromDevT((Long) Files.getAttribute(inNamespace(blockDevice), "unix:rdev"));
    }

    @Override
    public DeviceNumber fileSystemOf(Path path) throws IOException {
        return DeviceNumber.fromDevT((Long) Files.getAttribute(inNamespace(path), "unix:dev"));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(inNamespace(directory));
    }

    @Override
    public List<Holder> holders(Set<DeviceNumber> devices) {
        return holderScan.holders(devices);
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || pid == ProcessHandle.current().pid()) {
            return false;
        }
        return signal == Signal.TERM ? process.get().destroy() : process.get().destroyForcibly();
    }

    @Override
    public boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
