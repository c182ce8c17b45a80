package org.jheartbeat.resources.filesystem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.host.MountEntry;
import org.jheartbeat.resource.host.DeviceNumber;
import org.jheartbeat.resource.host.Host;

/**
 * Finds the device a resource names on this node: a path must be a block device; {@code LABEL=}/{@code UUID=}
 * is looked up with blkid each time, since the device behind a label can differ between nodes and boots.
 */
final class DeviceLocator {

    /** blkid's exit status when no device has the token. */
    private static final int BLKID_NOT_FOUND = 2;

    /**
     * The device as mountinfo will show it once mounted.
     *
     * @param blockDevice the device node, for fsck and mount; empty for a network or virtual source
     * @param number      its major:minor; empty for a network or virtual source
     */
    record Located(String source, Optional<Path> blockDevice, Optional<DeviceNumber> number) {

        /** Whether a mount shows this device; by major:minor when known, since the source may be any alias. */
        boolean isSourceOf(MountEntry entry) {
            return number.map(entry.device()::equals).orElse(false) || entry.source().equals(source);
        }
    }

    private final OperationTools tools;
    private final Host host;

    DeviceLocator(OperationTools tools, Host host) {
        this.tools = tools;
        this.host = host;
    }

    Located locate(DeviceSpec spec, Deadline deadline) throws OperationAbort {
        if (spec instanceof DeviceSpec.BlockDevice device) {
            return blockDevice(device.path(), device.toString());
        }
        if (spec instanceof DeviceSpec.Tagged tagged) {
            return blockDevice(lookUp(tagged, deadline), tagged.toString());
        }
        return new Located(spec.toString(), Optional.empty(), Optional.empty());
    }

    private Located blockDevice(Path path, String named) throws OperationAbort {
        Host.PathKind kind = host.kind(path);
        if (kind == Host.PathKind.MISSING) {
            throw new OperationAbort(OperationResult.notInstalled("device " + named + " does not exist on this node"));
        }
        if (kind != Host.PathKind.BLOCK_DEVICE) {
            throw new OperationAbort(OperationResult.notInstalled("device " + named + " is not a block device on this node"));
        }
        try {
            return new Located(path.toString(), Optional.of(path), Optional.of(host.blockDeviceNumber(path)));
        } catch (IOException e) {
            throw new OperationAbort(OperationResult.failed("cannot stat device " + named + ": " + e.getMessage()));
        }
    }

    private Path lookUp(DeviceSpec.Tagged tagged, Deadline deadline) throws OperationAbort {
        CommandResult result = tools.run(deadline, "blkid", "-l", "-t", tagged.toString(), "-o", "device");
        if (result.exitCode() == BLKID_NOT_FOUND && !result.timedOut()) {
            throw new OperationAbort(OperationResult.notInstalled("no device with " + tagged + " on this node (blkid found none)"));
        }
        String device = result.stdout().strip();
        if (!result.succeeded() || device.isEmpty() || device.contains("\n") || !device.startsWith("/")) {
            tools.logFailure(result);
            throw new OperationAbort(OperationResult.failed("cannot look up " + tagged + ": " + result.describe()
                    + (result.succeeded() ? " printed '" + device + "'" : "")));
        }
        return Path.of(device);
    }
}
