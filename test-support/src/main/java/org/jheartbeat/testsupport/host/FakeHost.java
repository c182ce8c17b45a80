package org.jheartbeat.testsupport.host;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.resource.host.DeviceNumber;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.MountTable;
import org.jheartbeat.testsupport.FakeCommandRunner;

/**
 * A node's {@link Host} in memory, as strict as the real one: it passes the contract tests the Linux host passes
 * ({@code HostContract} in this module's tests). The test declares paths (directories, files with their
 * content, symlinks, block devices; parents come with them), the mount table it starts from (a recorded
 * mountinfo, or nothing) and processes with their working directory. From there on the mounts change only as
 * mount(8) and umount(8) change them ({@link #mountTools}), refusing what they refuse: a mount point or device
 * that does not exist, unmounting what is not mounted, unmounting a mount that a process or another mount keeps
 * busy.
 *
 * <p>One file tree serves every mount: a device mount changes the table, not what the paths hold; a bind mount
 * makes its mount point show the bound directory, as {@link #sameFile} and every path lookup see.
 */
public final class FakeHost implements Host {

    private static final Path ROOT = Path.of("/");
    private static final int MAX_SYMLINK_HOPS = 40;
    /** Where tmpfs and other mounts without a device get their anonymous numbers, as the kernel's 0:N. */
    private static final int FIRST_ANONYMOUS_MINOR = 100;

    private final Set<Path> directories = new HashSet<>(Set.of(ROOT));
    private final Map<Path, String> files = new HashMap<>();
    private final Map<Path, Path> symlinks = new HashMap<>();
    private final Map<Path, DeviceNumber> blockDevices = new HashMap<>();
    private final FakeMounts mounts = new FakeMounts();
    private final Map<Long, FakeProcess> processes = new LinkedHashMap<>();
    private final List<String> signals = new ArrayList<>();
    private int nextAnonymousMinor = FIRST_ANONYMOUS_MINOR;

    private record FakeProcess(String command, String name, Path workingDirectory, boolean exitsOnTerm) {
    }

    /** Directories, with their parents, as {@code mkdir -p}. */
    public FakeHost directory(String... paths) {
        for (String path : paths) {
            makeDirectories(Path.of(path));
        }
        return this;
    }

    public FakeHost file(String path, String content) {
        Path file = Path.of(path);
        makeDirectories(file.getParent());
        files.put(file, content);
        return this;
    }

    /** A symlink whose target is written as given (relative targets resolve against the link's directory). */
    public FakeHost symlink(String link, String target) {
        Path path = Path.of(link);
        makeDirectories(path.getParent());
        symlinks.put(path, Path.of(target));
        return this;
    }

    public FakeHost blockDevice(String path, int major, int minor) {
        Path device = Path.of(path);
        makeDirectories(device.getParent());
        blockDevices.put(device, new DeviceNumber(major, minor));
        return this;
    }

    /**
     * Starts from this mount table (a recording of {@code /proc/self/mountinfo}); its mount points are
     * directories. A table that cannot be understood fails every operation that reads it, as the real one would.
     */
    public FakeHost mountInfo(String text) {
        mounts.startFrom(text).forEach(this::makeDirectories);
        return this;
    }

    /**
     * A running process: {@code commandLine}'s first word names it, as the kernel's {@code comm}; it ends on TERM
     * unless {@link #ignoresTerm} says otherwise, on KILL always.
     */
    public FakeHost process(long pid, String commandLine, String workingDirectory) {
        String program = Path.of(commandLine.split(" ", 2)[0]).getFileName().toString();
        processes.put(pid, new FakeProcess(commandLine, program, Path.of(workingDirectory), true));
        return this;
    }

    public FakeHost ignoresTerm(long pid) {
        processes.computeIfPresent(pid, (key, process) -> new FakeProcess(process.command(), process.name(),
                process.workingDirectory(), false));
        return this;
    }

    /** The signals delivered so far, in order, as {@code "TERM 4242"}. */
    public List<String> signals() {
        return List.copyOf(signals);
    }

    /** A runner's mount and umount, answering as util-linux's do, with this host's mounts changing accordingly. */
    public FakeHost mountTools(FakeCommandRunner runner) {
        FakeMountTools.answer(runner, this);
        return this;
    }

    /** {@code mount -t fsType [-o options] source mountPoint}. */
    void mount(String source, Path mountPoint, String fsType, Optional<String> options) throws MountRefusal {
        Path target = mountPoint(mountPoint);
        DeviceNumber device;
        if (source.startsWith("/")) {
            device = Optional.ofNullable(blockDevices.get(resolve(Path.of(source), true))).orElseThrow(
                    () -> new MountRefusal("mount: " + mountPoint + ": special device " + source + " does not exist."));
        } else {
            device = new DeviceNumber(0, nextAnonymousMinor++);
        }
        mounts.add(new MountEntry(0, 0, device, "/", target.toString(), options.map(given -> "rw," + given)
                .orElse("rw,relatime"), fsType, source, "rw"), Optional.empty());
    }

    /** A bind mount made before the test, as {@code mount --bind directory mountPoint} would make it. */
    public FakeHost bindMount(String directory, String mountPoint) {
        try {
            bind(Path.of(directory), Path.of(mountPoint));
            return this;
        } catch (MountRefusal refusal) {
            throw new IllegalStateException(refusal.getMessage(), refusal);
        }
    }

    /** {@code mount --bind directory mountPoint}. */
    void bind(Path directory, Path mountPoint) throws MountRefusal {
        Path target = mountPoint(mountPoint);
        Path from = resolve(directory, true);
        if (!directories.contains(from)) {
            throw new MountRefusal("mount: " + mountPoint + ": special device " + directory + " does not exist.");
        }
        MountEntry holding = mounts.containing(directory).orElseThrow(() -> new MountRefusal("mount: " + mountPoint
                + ": special device " + directory + " does not exist."));
        Path within = Path.of(holding.mountPoint()).relativize(directory.normalize());
        mounts.add(new MountEntry(0, 0, holding.device(), ROOT.resolve(Path.of(holding.root()).resolve(within))
                .normalize().toString(), target.toString(), "rw,relatime", holding.fsType(), holding.source(),
                holding.superOptions()), Optional.of(from));
    }

    /** {@code umount mountPoint}: refused while a process works below it or another mount sits on it. */
    void unmount(Path mountPoint) throws MountRefusal {
        if (kind(mountPoint) == PathKind.MISSING) {
            throw new MountRefusal("umount: " + mountPoint + ": no mount point specified.");
        }
        MountEntry visible = mounts.table().visibleAt(mountPoint.normalize().toString())
                .orElseThrow(() -> new MountRefusal("umount: " + mountPoint + ": not mounted."));
        boolean used = processes.values().stream().anyMatch(process ->
                mounts.containing(process.workingDirectory()).filter(visible::equals).isPresent());
        if (used || !mounts.table().below(visible.mountPoint()).isEmpty()) {
            throw new MountRefusal("umount: " + mountPoint + ": target is busy.");
        }
        mounts.remove(visible);
    }

    private Path mountPoint(Path mountPoint) throws MountRefusal {
        PathKind kind = kind(mountPoint);
        if (kind == PathKind.MISSING) {
            throw new MountRefusal("mount: " + mountPoint + ": mount point does not exist.");
        }
        if (kind != PathKind.DIRECTORY) {
            throw new MountRefusal("mount: " + mountPoint + ": mount point is not a directory.");
        }
        return mountPoint.normalize();
    }

    /** What mount(8) or umount(8) says when it refuses, on stderr with exit status 32. */
    static final class MountRefusal extends Exception {
        MountRefusal(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The path as the file tree holds it: bind mounts replaced by what they show, symlinks followed (the last
     * component only when {@code followLast}).
     */
    private Path resolve(Path path, boolean followLast) {
        Path resolved = ROOT;
        List<Path> names = new ArrayList<>();
        path.toAbsolutePath().normalize().forEach(names::add);
        int hops = 0;
        for (int index = 0; index < names.size(); index++) {
            resolved = mounts.boundSource(resolved.resolve(names.get(index)));
            Path target = symlinks.get(resolved);
            boolean last = index == names.size() - 1;
            if (target != null && (followLast || !last) && hops++ < MAX_SYMLINK_HOPS) {
                Path rest = ROOT;
                for (Path name : names.subList(index + 1, names.size())) {
                    rest = rest.resolve(name);
                }
                return resolve(resolved.getParent().resolve(target).resolve(ROOT.relativize(rest)), followLast);
            }
        }
        return resolved;
    }

    private Path resolve(Path path) {
        return resolve(path, true);
    }

    private void makeDirectories(Path directory) {
        for (Path path = directory; path != null; path = path.getParent()) {
            directories.add(path);
        }
    }

    @Override
    public MountTable mounts() {
        return mounts.table();
    }

    @Override
    public PathKind kind(Path path) {
        Path resolved = resolve(path);
        if (directories.contains(resolved)) {
            return PathKind.DIRECTORY;
        }
        if (blockDevices.containsKey(resolved)) {
            return PathKind.BLOCK_DEVICE;
        }
        return files.containsKey(resolved) ? PathKind.OTHER : PathKind.MISSING;
    }

    @Override
    public Optional<Path> symlinkTarget(Path path) {
        return Optional.ofNullable(symlinks.get(resolve(path, false)));
    }

    @Override
    public boolean sameFile(Path first, Path second) {
        return exists(first) && exists(second) && resolve(first).equals(resolve(second));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        Path prefix = ROOT;
        for (Path name : directory.toAbsolutePath().normalize()) {
            prefix = prefix.resolve(name);
            PathKind kind = kind(prefix);
            if (kind == PathKind.MISSING) {
                makeDirectories(resolve(prefix));
            } else if (kind != PathKind.DIRECTORY) {
                throw new FileAlreadyExistsException(prefix.toString());
            }
        }
    }

    @Override
    public Optional<String> readTail(Path file, int maxBytes) {
        return Optional.ofNullable(files.get(resolve(file)))
                .map(text -> text.length() <= maxBytes ? text : text.substring(text.length() - maxBytes));
    }

    @Override
    public DeviceNumber blockDeviceNumber(Path blockDevice) throws IOException {
        DeviceNumber number = blockDevices.get(resolve(blockDevice));
        if (number == null) {
            throw exists(blockDevice) ? new IOException(blockDevice + " is not a block device")
                    : new NoSuchFileException(blockDevice.toString());
        }
        return number;
    }

    /** Files report the device the mount table shows for the mount they lie on, as on ext2/3/4 and xfs. */
    @Override
    public DeviceNumber fileSystemOf(Path path) throws IOException {
        if (!exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        return mounts.containing(path).orElseThrow(() -> new IOException("no mount holds " + path)).device();
    }

    @Override
    public List<Holder> holders(Set<DeviceNumber> devices) {
        List<Holder> holders = new ArrayList<>();
        processes.forEach((pid, process) -> mounts.containing(process.workingDirectory())
                .filter(mount -> devices.contains(mount.device()))
                .ifPresent(mount -> holders.add(new Holder(pid, process.command(), List.of("cwd")))));
        return holders;
    }

    @Override
    public Optional<String> processName(long pid) {
        return Optional.ofNullable(processes.get(pid)).map(FakeProcess::name);
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
}
