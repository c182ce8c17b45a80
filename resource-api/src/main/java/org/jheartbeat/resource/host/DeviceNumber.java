package org.jheartbeat.resource.host;

/**
 * A device's major:minor pair: how the kernel names a block device in {@code stat}, a filesystem in
 * {@code /proc/self/mountinfo}, and the filesystem behind a mapping in {@code /proc/PID/maps}. Comparing these
 * rather than paths makes symlinked device names ({@code /dev/disk/by-uuid/…}, {@code /dev/drbd/by-res/…})
 * and mount namespaces irrelevant.
 */
public record DeviceNumber(int major, int minor) {

    public DeviceNumber {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative device number " + major + ":" + minor);
        }
    }

    /** Parses mountinfo's decimal {@code 7:0}. */
    public static DeviceNumber parseDecimal(String text) {
        return parse(text, 10);
    }

    /** Parses the hexadecimal {@code fe:00} of {@code /proc/PID/maps}. */
    public static DeviceNumber parseHex(String text) {
        return parse(text, 16);
    }

    /** Decodes a {@code dev_t} as glibc's {@code stat} returns it (and Java's {@code unix:dev}/{@code unix:rdev}). */
    public static DeviceNumber fromDevT(long devT) {
        long major = ((devT >>> 8) & 0xfffL) | ((devT >>> 32) & ~0xfffL);
        long minor = (devT & 0xffL) | ((devT >>> 12) & ~0xffL);
        return new DeviceNumber((int) (major & 0xffffffffL), (int) (minor & 0xffffffffL));
    }

    private static DeviceNumber parse(String text, int radix) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not a major:minor device number: '" + text + "'");
        }
        try {
            return new DeviceNumber(Integer.parseInt(text.substring(0, colon), radix),
                    Integer.parseInt(text.substring(colon + 1), radix));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a major:minor device number: '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
