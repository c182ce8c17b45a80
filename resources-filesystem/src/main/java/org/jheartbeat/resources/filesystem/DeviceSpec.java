package org.jheartbeat.resources.filesystem;

import java.nio.file.Path;

/** The first argument of a {@code Filesystem} resource: what to mount. */
public sealed interface DeviceSpec {

    /** A block device by path, e.g. {@code /dev/drbd0}; symlinks are fine, comparison is by major:minor. */
    record BlockDevice(Path path) implements DeviceSpec {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A block device found by its filesystem's {@code LABEL} or {@code UUID}, looked up with blkid. */
    record Tagged(String tag, String value) implements DeviceSpec {
        /** The form blkid's {@code -t} and mount understand: {@code LABEL=data}. */
        @Override
        public String toString() {
            return tag + "=" + value;
        }
    }

    /**
     * A source that is not a local block device ({@code server:/export} for nfs, {@code //host/share} for
     * cifs): nothing to check or fsck locally, and mountinfo shows it verbatim as the mount source.
     */
    record Source(String name) implements DeviceSpec {
        @Override
        public String toString() {
            return name;
        }
    }
}
