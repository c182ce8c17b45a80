package org.jheartbeat.resources.filesystem;

import java.util.Locale;

/**
 * Whether start runs fsck before mounting. The facts follow resource-agents' Filesystem {@code run_fsck}:
 * fsck only ever runs on a block device; {@code auto} leaves out journaled and network filesystems.
 */
public enum FsckPolicy {
    /** Check filesystems that do not recover by themselves (ext2, minix, unknown types). */
    AUTO,
    /** Check every block device, journaled or not. */
    FORCE,
    /** Never check. */
    SKIP;

    public boolean wantsCheck(String fsType, boolean blockDevice) {
        return blockDevice && switch (this) {
            case AUTO -> !FilesystemTypes.checksItself(fsType);
            case FORCE -> true;
            case SKIP -> false;
        };
    }

    /** Parses a setting value: {@code auto}, {@code force} or {@code skip} (resource-agents' {@code no} too). */
    public static FsckPolicy parse(String value) {
        String normalised = value.strip().toLowerCase(Locale.ROOT);
        return switch (normalised) {
            case "auto" -> AUTO;
            case "force" -> FORCE;
            case "skip", "no" -> SKIP;
            default -> throw new IllegalArgumentException("'" + value + "' is not one of auto, force, skip");
        };
    }
}
