package org.jheartbeat.resources.filesystem;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.time.Duration;

/**
 * The {@code jheartbeat.resources.filesystem} settings that apply to one mount point: the section's values,
 * overridden by its {@code mount-points."/data"} block when there is one.
 *
 * @param fsck           whether start checks the filesystem first
 * @param holderExitWait how long stop waits for signalled processes to exit before it tries umount again
 */
public record FilesystemSettings(FsckPolicy fsck, Duration holderExitWait) {

    public static final String SECTION = "filesystem";

    /**
     * @param resources the {@code jheartbeat.resources} section
     * @throws IllegalArgumentException naming the setting's path when a value is missing or malformed
     */
    public static FilesystemSettings forMountPoint(Config resources, String mountPoint) {
        String sectionPath = "jheartbeat.resources." + SECTION;
        try {
            Config section = resources.getConfig(SECTION);
            String override = "mount-points." + ConfigUtil.joinPath(mountPoint);
            Config effective = section.hasPath(override)
                    ? section.getConfig(override).withFallback(section) : section;
            FsckPolicy fsck = fsck(effective, sectionPath);
            Duration holderExitWait = effective.getDuration("holder-exit-wait");
            if (holderExitWait.isNegative() || holderExitWait.isZero()) {
                throw new IllegalArgumentException(sectionPath + ".holder-exit-wait must be positive, got "
                        + holderExitWait);
            }
            return new FilesystemSettings(fsck, holderExitWait);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("setting " + sectionPath + " for " + mountPoint + ": "
                    + e.getMessage(), e);
        }
    }

    private static FsckPolicy fsck(Config effective, String sectionPath) {
        try {
            return FsckPolicy.parse(effective.getString("fsck"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sectionPath + ".fsck: " + e.getMessage(), e);
        }
    }
}
