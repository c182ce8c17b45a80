package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.MountTable;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Filesystem::device::mountpoint::fstype[::options]} resource. Running means: the mount visible at
 * the mount point is of the configured type and shows the configured device (compared by major:minor).
 */
final class FilesystemResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(FilesystemResource.class);
    /** fsck's exit status is a bit set; 4 and above mean errors were left uncorrected or fsck itself failed. */
    private static final int FSCK_UNCORRECTED = 4;

    private final ResourceSpec spec;
    private final FilesystemArguments arguments;
    private final FilesystemSettings settings;
    private final OperationTools tools;
    private final Host host;
    private final DeviceLocator locator;
    private final FilesystemPreflight preflight;

    FilesystemResource(ResourceSpec spec, FilesystemArguments arguments, FilesystemSettings settings,
                    CommandRunner commands, Host host, FilesystemPreflight preflight) {
        this.spec = spec;
        this.arguments = arguments;
        this.settings = settings;
        this.tools = new OperationTools(spec.id(), commands);
        this.host = host;
        this.locator = new DeviceLocator(tools, host);
        this.preflight = preflight;
    }

    @Override
    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public OperationResult start(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        try {
            DeviceLocator.Located device = locator.locate(arguments.device(), deadline);
            MountTable table = mounts();
            Optional<MountEntry> visible = table.visibleAt(arguments.mountPoint());
            if (visible.isPresent() && isOurs(visible.get(), device)) {
                LOG.info("{}: already mounted ({})", spec, visible.get().describe());
                return OperationResult.success();
            }
            if (visible.isPresent()) {
                return OperationResult.failed("mount point " + arguments.mountPoint() + " already holds "
                        + visible.get().describe());
            }
            List<MountEntry> elsewhere = table.matching(entry -> device.number().isPresent() && device.isSourceOf(entry));
            if (!elsewhere.isEmpty()) {
                return OperationResult.failed("device " + device.source() + " is already mounted: "
                        + elsewhere.stream().map(MountEntry::describe).collect(Collectors.joining(", ")));
            }
            prepareMountPoint();
            if (settings.fsck().wantsCheck(arguments.fsType(), device.blockDevice().isPresent())) {
                check(device.blockDevice().orElseThrow(), deadline);
            }
            mount(device, deadline);
            return OperationResult.success();
        } catch (OperationAbort abort) {
            LOG.warn("{}: start failed: {}", spec, abort.result());
            return abort.result();
        }
    }

    @Override
    public OperationResult stop(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        Predicate<MountEntry> ours = entryOfOurType();
        try {
            ours = ours.and(locator.locate(arguments.device(), deadline)::isSourceOf);
        } catch (OperationAbort abort) {
            // The device may be gone or unreadable while still mounted; the type at our mount point must do.
            LOG.warn("{}: cannot identify the device ({}); unmounting any {} at {}", spec, abort.result().reason(),
                    arguments.fsType(), arguments.mountPoint());
        }
        try {
            return new ForcedUnmount(spec.id(), tools, host, settings.holderExitWait())
                    .unmount(arguments.mountPoint(), FilesystemTypes.isNetwork(arguments.fsType()), ours,
                            deadline.remaining());
        } catch (OperationAbort abort) {
            LOG.error("{}: stop failed: {}", spec, abort.result());
            return abort.result();
        }
    }

    @Override
    public OperationResult status(Duration timeout) {
        Optional<MountEntry> visible;
        try {
            visible = mounts().visibleAt(arguments.mountPoint());
        } catch (OperationAbort abort) {
            return abort.result();
        }
        if (visible.isEmpty()) {
            return OperationResult.notRunning("nothing is mounted at " + arguments.mountPoint());
        }
        try {
            DeviceLocator.Located device = locator.locate(arguments.device(), Deadline.after(timeout));
            return isOurs(visible.get(), device) ? OperationResult.success()
                    : OperationResult.failed("mount point " + arguments.mountPoint() + " holds "
                    + visible.get().describe() + ", not " + device.source() + " (" + arguments.fsType() + ")");
        } catch (OperationAbort abort) {
            return OperationResult.failed(visible.get().describe() + " is mounted but " + abort.result().reason());
        }
    }

    @Override
    public OperationResult validate(Duration timeout) {
        return OperationTools.perform(timeout, deadline -> {
            locator.locate(arguments.device(), deadline);
            Host.PathKind mountPoint = host.kind(Path.of(arguments.mountPoint()));
            return mountPoint == Host.PathKind.DIRECTORY || mountPoint == Host.PathKind.MISSING
                    ? OperationResult.success() : notADirectory();
        });
    }

    /** mount, fsck where the policy runs it, the device, the mount point, the type in the kernel. */
    @Override
    public List<String> preflight() {
        return preflight.findings(arguments, settings.fsck());
    }

    private MountTable mounts() throws OperationAbort {
        return mountTable(host);
    }

    /** The mount table; one that cannot be read or understood ends the operation with the reason. */
    static MountTable mountTable(Host host) throws OperationAbort {
        try {
            return host.mounts();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.failed(e.getMessage()));
        }
    }

    private boolean isOurs(MountEntry entry, DeviceLocator.Located device) {
        return entryOfOurType().test(entry) && device.isSourceOf(entry);
    }

    private Predicate<MountEntry> entryOfOurType() {
        return entry -> entry.fsType().equals(arguments.fsType());
    }

    private void prepareMountPoint() throws OperationAbort {
        Path mountPoint = Path.of(arguments.mountPoint());
        switch (host.kind(mountPoint)) {
            case DIRECTORY -> { }
            case MISSING -> {
                try {
                    host.createDirectories(mountPoint);
                    LOG.info("{}: created mount point {}", spec, mountPoint);
                } catch (IOException e) {
                    throw new OperationAbort(OperationResult.failed("cannot create mount point " + mountPoint + ": " + e));
                }
            }
            default -> throw new OperationAbort(notADirectory());
        }
    }

    /** A local path problem: the peer may well have a proper directory there, so this is not a config error. */
    private OperationResult notADirectory() {
        return OperationResult.notInstalled("mount point " + arguments.mountPoint()
                + " exists on this node but is not a directory");
    }

    private void check(Path device, Deadline deadline) throws OperationAbort {
        CommandResult result = tools.run(deadline, "fsck", "-t", arguments.fsType(), "-p", device.toString());
        if (result.timedOut()) {
            throw tools.failure(result, "fsck of " + device + " did not finish: " + result.describe());
        }
        if (result.exitCode() >= FSCK_UNCORRECTED) {
            throw tools.failure(result, "fsck of " + device + " left errors (exit " + result.exitCode() + "): "
                    + fsckSummary(result) + "; run fsck by hand before starting the resource");
        }
        LOG.info("{}: fsck of {} exit {} in {} ms: {}", spec, device, result.exitCode(), result.elapsed().toMillis(),
                fsckSummary(result));
    }

    /** The lines fsck says about the filesystem, without its banner. */
    private static String fsckSummary(CommandResult result) {
        List<String> lines = new ArrayList<>();
        for (String line : (result.stdout() + "\n" + result.stderr()).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("fsck from ")) {
                lines.add(trimmed);
            }
        }
        return String.join(" ", lines);
    }

    private void mount(DeviceLocator.Located device, Deadline deadline) throws OperationAbort {
        List<String> argv = new ArrayList<>(List.of("mount", "-t", arguments.fsType()));
        arguments.options().ifPresent(options -> argv.addAll(List.of("-o", options)));
        argv.add(device.blockDevice().map(Path::toString).orElse(device.source()));
        argv.add(arguments.mountPoint());
        CommandResult result = tools.require(deadline, argv);
        Optional<MountEntry> visible = mounts().visibleAt(arguments.mountPoint());
        if (visible.isEmpty() || !isOurs(visible.get(), device)) {
            throw new OperationAbort(OperationResult.failed(String.join(" ", argv) + " succeeded but "
                    + arguments.mountPoint() + " shows " + visible.map(MountEntry::describe).orElse("nothing")));
        }
        LOG.info("{}: mounted {} in {} ms", spec, visible.get().describe(), result.elapsed().toMillis());
    }
}
