package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory node for the unit tier: a mount table kept as mountinfo text (starting from a recording and
 * changed by the scripted mount/umount answers), paths of known kinds, and processes that hold a device and
 * exit on TERM or only on KILL. Anything not set up is missing.
 */
final class FakeLocalSystem implements LocalSystem {

    private final List<String> mountInfoLines = new ArrayList<>();
    private final Map<Path, PathKind> paths = new HashMap<>();
    private final Map<Path, DeviceNumber> devices = new HashMap<>();
    private final Map<Long, FakeProcess> processes = new LinkedHashMap<>();
    private final List<String> signals = new ArrayList<>();
    private int nextMountId = 500;

    private record FakeProcess(Holder holder, DeviceNumber device, boolean exitsOnTerm) {
    }

    FakeLocalSystem mountInfo(String text) {
        mountInfoLines.clear();
        text.lines().filter(line -> !line.isBlank()).forEach(mountInfoLines::add);
        return this;
    }

    FakeLocalSystem blockDevice(String path, int major, int minor) {
        paths.put(Path.of(path), PathKind.BLOCK_DEVICE);
        devices.put(Path.of(path), new DeviceNumber(major, minor));
        return this;
    }

    FakeLocalSystem path(String path, PathKind kind) {
        paths.put(Path.of(path), kind);
        return this;
    }

    FakeLocalSystem process(long pid, String command, DeviceNumber device, boolean exitsOnTerm) {
        processes.put(pid, new FakeProcess(new Holder(pid, command, List.of("cwd")), device, exitsOnTerm));
        return this;
    }

    /** What mount(8) does to the table: appends a line as the kernel would show it. */
    void mounted(String device, String mountPoint, String fsType) {
        DeviceNumber number = devices.get(Path.of(device));
        mountInfoLines.add(nextMountId++ + " 48 " + (number == null ? "0:99" : number) + " / "
                + mountPoint.replace(" ", "\\040") + " rw,relatime - " + fsType + " " + device + " rw");
    }

    /** What umount(8) does: removes the last mount at the mount point. */
    void unmounted(String mountPoint) {
        String escaped = " " + mountPoint.replace(" ", "\\040") + " ";
        for (int i = mountInfoLines.size() - 1; i >= 0; i--) {
            if (mountInfoLines.get(i).contains(escaped)) {
                mountInfoLines.remove(i);
                return;
            }
        }
        throw new AssertionError("umount of " + mountPoint + " which is not mounted");
    }

    boolean busy(String mountPoint) {
        return mounts().visibleAt(mountPoint).map(entry -> processes.values().stream()
                .anyMatch(process -> process.device().equals(entry.device()))).orElse(false);
    }

    List<String> signals() {
        return List.copyOf(signals);
    }

    @Override
    public MountTable mounts() {
        return MountTable.parse(String.join("\n", mountInfoLines), "fake mountinfo");
    }

    @Override
    public PathKind kind(Path path) {
        return paths.getOrDefault(path, PathKind.MISSING);
    }

    @Override
    public DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException {
        DeviceNumber number = devices.get(blockDevice);
        if (number == null) {
            throw new IOException(blockDevice + ": No such file or directory");
        }
        return number;
    }

    /** Files report the device mountinfo shows, as on ext2/3/4 and xfs. */
    @Override
    public DeviceNumber fileSystemOf(Path path) throws IOException {
        return mounts().visibleAt(path.toString()).orElseThrow(() -> new IOException(path + " is not a mount point"))
                .device();
    }

    @Override
    public void createDirectories(Path directory) {
        paths.put(directory, PathKind.DIRECTORY);
    }

    @Override
    public List<Holder> holders(Set<DeviceNumber> held) {
        return processes.values().stream().filter(process -> held.contains(process.device()))
                .map(FakeProcess::holder).toList();
    }

    @Override
    public boolean signal(long pid, Signal signal) {
        FakeProcess process = processes.get(pid);
        if (process == null) {
            return false;
        }
        signals.add(signal + " " + pid);
        if (signal == Signal.KILL || process.exitsOnTerm()) {
            processes.remove(pid);
        }
        return true;
    }

    @Override
    public boolean isAlive(long pid) {
        return processes.containsKey(pid);
    }
}
