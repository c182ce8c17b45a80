package org.jheartbeat.resources.filesystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.host.Host;

/**
 * What a look at this node finds against one Filesystem resource without running anything
 * ({@link org.jheartbeat.resource.Resource#preflight}): the tools start runs, the device, the mount point, and
 * whether the kernel knows the type.
 */
final class FilesystemPreflight {

    /** The mount helpers network types need, with the Debian package that has them. */
    private static final Map<String, String> MOUNT_HELPERS = Map.of("nfs", "nfs-common", "nfs4", "nfs-common",
            "cifs", "cifs-utils", "smb3", "cifs-utils");

    private final Function<String, Optional<Path>> locate;
    private final Host host;
    private final KernelFilesystems kernel;

    /** @param locate where a tool is installed, as the command runner finds it (empty: not installed) */
    FilesystemPreflight(Function<String, Optional<Path>> locate, Host host, KernelFilesystems kernel) {
        this.locate = locate;
        this.host = host;
        this.kernel = kernel;
    }

    /** The real node's: tools on the runner's PATH, the running kernel. */
    static FilesystemPreflight of(Host host) {
        return new FilesystemPreflight(ProcessCommandRunner::locate, host, KernelFilesystems.running());
    }

    List<String> findings(FilesystemArguments arguments, FsckPolicy fsck) {
        String fsType = arguments.fsType();
        List<String> findings = new ArrayList<>();
        missing("mount", "package mount", "mounting fails without it").ifPresent(findings::add);
        if (!FilesystemTypes.hasNoBlockDevice(fsType) && fsck.wantsCheck(fsType, true)) {
            String why = "start runs fsck -t " + fsType + " on the device first (fsck policy "
                    + fsck.name().toLowerCase(Locale.ROOT) + "), which fails without it";
            missing("fsck", "package util-linux", why).ifPresent(findings::add);
            missing("fsck." + fsType, "the package of " + fsType + "'s tools", why).ifPresent(findings::add);
        }
        Optional.ofNullable(MOUNT_HELPERS.get(fsType)).flatMap(pack -> missing("mount." + fsType, "package " + pack,
                "mounting " + fsType + " fails without it")).ifPresent(findings::add);
        device(arguments.device()).ifPresent(findings::add);
        mountPoint(Path.of(arguments.mountPoint())).ifPresent(findings::add);
        kernel.unknown(fsType).ifPresent(findings::add);
        return findings;
    }

    private Optional<String> missing(String tool, String from, String why) {
        return locate.apply(tool).isPresent() ? Optional.empty()
                : Optional.of(tool + " is not installed here (" + from + "): " + why);
    }

    private Optional<String> device(DeviceSpec device) {
        if (device instanceof DeviceSpec.Tagged tagged) {
            return missing("blkid", "package util-linux", "finding the device with " + tagged + " fails without it");
        }
        if (device instanceof DeviceSpec.BlockDevice block) {
            return switch (host.kind(block.path())) {
                case BLOCK_DEVICE -> Optional.empty();
                case MISSING -> Optional.of("device " + block + " does not exist on this node: starting fails here"
                        + " until it does (a resource before it in its group may create it)");
                default -> Optional.of("device " + block + " is not a block device on this node: starting fails");
            };
        }
        return Optional.empty();
    }

    /** A missing mount point is made at start, with its parents, when the nearest existing one is a directory. */
    private Optional<String> mountPoint(Path mountPoint) {
        Path existing = mountPoint;
        while (existing.getParent() != null && host.kind(existing) == Host.PathKind.MISSING) {
            existing = existing.getParent();
        }
        if (host.kind(existing) == Host.PathKind.DIRECTORY) {
            return Optional.empty();
        }
        return Optional.of(existing.equals(mountPoint)
                ? "mount point " + mountPoint + " exists on this node but is not a directory: starting fails"
                : "mount point " + mountPoint + " cannot be made: " + existing + " is not a directory");
    }
}
