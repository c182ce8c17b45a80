package org.jheartbeat.resource.host;

import java.util.Objects;

/**
 * One line of {@code /proc/self/mountinfo}, with the octal escapes of paths already decoded.
 *
 * @param device     the filesystem's major:minor as the kernel reports it (for btrfs and network
 *                   filesystems an anonymous {@code 0:N})
 * @param root       the directory of the filesystem mounted here ({@code /} unless a bind mount)
 * @param mountPoint where it is mounted, as seen from this mount namespace
 * @param source     the mount source ({@code /dev/drbd0}, {@code server:/export}, {@code tmpfs})
 */
public record MountEntry(int mountId, int parentId, DeviceNumber device, String root, String mountPoint,
                         String mountOptions, String fsType, String source, String superOptions) {

    public MountEntry {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mountPoint, "mountPoint");
        Objects.requireNonNull(mountOptions, "mountOptions");
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(superOptions, "superOptions");
    }

    /** How a log line names this mount: {@code /dev/loop0 (ext3) on /data}. */
    public String describe() {
        return source + " (" + fsType + ") on " + mountPoint;
    }
}
