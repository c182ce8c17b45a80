package org.jheartbeat.resources.filesystem;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;

/**
 * The arguments of {@code Filesystem::device::mountpoint::fstype[::options]}, checked for syntax.
 *
 * @param mountPoint absolute and normalised, as mountinfo shows it
 * @param options    the {@code -o} argument of mount, if any
 */
public record FilesystemArguments(DeviceSpec device, String mountPoint, String fsType, Optional<String> options) {

    private static final Pattern FS_TYPE = Pattern.compile("[a-z0-9][a-z0-9._+-]*");
    private static final Pattern TAG_ARGUMENT = Pattern.compile("(?:(LABEL|UUID)=|-([LU])\\s*)(.+)");

    public static FilesystemArguments parse(ResourceSpec spec) throws InvalidResourceException {
        List<String> arguments = spec.arguments();
        if (arguments.size() < 3 || arguments.size() > 4) {
            throw invalid(spec, "expected Filesystem::device::mountpoint::fstype[::options], got "
                    + arguments.size() + " argument(s)");
        }
        String fsType = fsType(spec, arguments.get(2));
        DeviceSpec device = device(spec, arguments.get(0), fsType);
        String mountPoint = mountPoint(spec, arguments.get(1));
        Optional<String> options = arguments.size() == 4 ? Optional.of(options(spec, arguments.get(3)))
                : Optional.empty();
        return new FilesystemArguments(device, mountPoint, fsType, options);
    }

    private static String fsType(ResourceSpec spec, String fsType) throws InvalidResourceException {
        if (fsType.equals("auto")) {
            throw invalid(spec, "fstype 'auto' cannot be verified by status; name the type (ext3, ext4, xfs, ...)");
        }
        if (!FS_TYPE.matcher(fsType).matches()) {
            throw invalid(spec, "fstype '" + fsType + "' is not a filesystem type name (ext3, ext4, xfs, nfs, ...)");
        }
        return fsType;
    }

    private static DeviceSpec device(ResourceSpec spec, String device, String fsType) throws InvalidResourceException {
        if (device.isBlank()) {
            throw invalid(spec, "the device (first argument) is empty");
        }
        if (FilesystemTypes.hasNoBlockDevice(fsType)) {
            return new DeviceSpec.Source(device);
        }
        var tag = TAG_ARGUMENT.matcher(device);
        if (tag.matches()) {
            String name = tag.group(1) != null ? tag.group(1) : tag.group(2).equals("L") ? "LABEL" : "UUID";
            return new DeviceSpec.Tagged(name, tag.group(3).strip());
        }
        if (!device.startsWith("/")) {
            throw invalid(spec, "device '" + device + "' is neither an absolute path nor LABEL=, UUID=, -L or -U");
        }
        return new DeviceSpec.BlockDevice(normalisedAbsolute(spec, "device", device));
    }

    private static String mountPoint(ResourceSpec spec, String mountPoint) throws InvalidResourceException {
        if (!mountPoint.startsWith("/")) {
            throw invalid(spec, "mount point '" + mountPoint + "' is not an absolute path");
        }
        Path path = normalisedAbsolute(spec, "mount point", mountPoint);
        if (path.getNameCount() == 0) {
            throw invalid(spec, "mount point '/' would hide the root filesystem");
        }
        return path.toString();
    }

    private static Path normalisedAbsolute(ResourceSpec spec, String what, String text)
            throws InvalidResourceException {
        try {
            Path path = Path.of(text);
            if (!path.normalize().equals(path) || text.contains("//")) {
                throw invalid(spec, what + " '" + text + "' is not a normalised path (no '.', '..' or '//')");
            }
            return path;
        } catch (InvalidPathException e) {
            throw invalid(spec, what + " '" + text + "' is not a valid path: " + e.getReason());
        }
    }

    private static String options(ResourceSpec spec, String options) throws InvalidResourceException {
        if (options.isBlank() || options.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(spec, "mount options '" + options + "' must be a non-empty comma-separated list without spaces");
        }
        return options;
    }

    private static InvalidResourceException invalid(ResourceSpec spec, String reason) {
        return new InvalidResourceException(spec.id() + ": " + reason);
    }
}
