package org.jheartbeat.resources.filesystem;

import java.util.Set;

/** What the filesystem type tells about checking, the device argument and unmounting. */
final class FilesystemTypes {

    /** Network filesystems: the device is a remote source, never fsck'd, and a hung server calls for umount -f. */
    private static final Set<String> NETWORK = Set.of("nfs", "nfs4", "cifs", "smbfs", "smb3", "glusterfs",
            "ceph", "lustre", "9p", "afs", "rozofs", "cvfs");

    /** Filesystems without a local block device behind them. */
    private static final Set<String> VIRTUAL = Set.of("tmpfs", "ramfs", "overlay", "overlayfs", "none");

    /**
     * Filesystems that recover by themselves at mount time (a journal, copy-on-write, cluster recovery) or whose
     * check is not run unattended; resource-agents' Filesystem skips these when run_fsck is auto.
     */
    private static final Set<String> SELF_RECOVERING = Set.of("ext3", "ext4", "ext4dev", "xfs", "jfs", "reiserfs",
            "reiser4", "btrfs", "zfs", "nilfs2", "f2fs", "ocfs2", "gfs2", "nss", "vfat", "fat", "msdos");

    private FilesystemTypes() {
    }

    static boolean isNetwork(String fsType) {
        return NETWORK.contains(fsType);
    }

    /** True when the device argument names no local block device (network or virtual filesystems). */
    static boolean hasNoBlockDevice(String fsType) {
        return NETWORK.contains(fsType) || VIRTUAL.contains(fsType);
    }

    /** True when a clean mount of this type needs no fsck first (the {@code auto} policy). */
    static boolean checksItself(String fsType) {
        return SELF_RECOVERING.contains(fsType) || hasNoBlockDevice(fsType);
    }
}
