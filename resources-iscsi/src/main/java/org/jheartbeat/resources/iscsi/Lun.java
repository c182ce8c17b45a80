package org.jheartbeat.resources.iscsi;

import java.util.Objects;

/**
 * One logical unit of a target as the configuration numbers it (ietd.conf's {@code Lun N}).
 *
 * @param number the LUN number the initiators should see, 0 to 16383
 * @param path   the backing file or block device, absolute
 */
record Lun(int number, String path, LunType type) {

    static final int MAX_NUMBER = 16383;

    Lun {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("LUN number " + number + " is outside 0.." + MAX_NUMBER);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("LUN " + number + " path '" + path + "' is not absolute");
        }
    }

    @Override
    public String toString() {
        return "LUN " + number + " (" + path + ", " + type.word() + ")";
    }
}
