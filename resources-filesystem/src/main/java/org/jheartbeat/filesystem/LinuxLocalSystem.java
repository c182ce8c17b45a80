package org.jheartbeat.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link LocalSystem} on Linux: {@code /proc} for mounts and processes, stat for devices. */
public final class LinuxLocalSystem implements LocalSystem {

    /** The mount table of the agent's own mount namespace, where its mount and umount run. */
    public static final Path OWN_MOUNT_INFO = Path.of("/proc/self/mountinfo");

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int BLOCK_DEVICE_TYPE = 0060000;

    private final Path mountInfo;
    private final ProcHolderScan holderScan;

    public LinuxLocalSystem() {
        this(OWN_MOUNT_INFO);
    }

    /**
     * @param mountInfo the mountinfo of the namespace the tools run in; tests that run them inside a private
     *                  mount namespace pass {@code /proc/PID/mountinfo} of a process in it
     */
    public LinuxLocalSystem(Path mountInfo) {
        this.mountInfo = mountInfo;
        this.holderScan = new ProcHolderScan(Path.of("/proc"), ProcessHandle.current().pid());
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
    public PathKind kind(Path path) {
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
        return DeviceNumber.fromDevT((Long) Files.getAttribute(blockDevice, "unix:rdev"));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Files.createDirectories(directory);
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
