package org.jheartbeat.resource.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The mounts of one mount namespace, in the kernel's order (a mount stacked on another comes after it), parsed
 * from {@code /proc/self/mountinfo}. The format is documented in proc(5): seven or more fields, optional
 * fields ended by a lone {@code -}, then type, source and superblock options; space, tab, newline and backslash
 * in paths appear as the octal escapes {@code \040 \011 \012 \134}.
 */
public record MountTable(List<MountEntry> entries) {

    public MountTable {
        entries = List.copyOf(entries);
    }

    /**
     * @param origin names the text in error messages, e.g. {@code /proc/self/mountinfo}
     * @throws IllegalArgumentException naming the origin, line and field when a line does not fit the format
     */
    public static MountTable parse(String text, String origin) {
        List<MountEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int index = 0; index < lines.length; index++) {
            if (!lines[index].isBlank()) {
                entries.add(parseLine(lines[index], origin + " line " + (index + 1)));
            }
        }
        return new MountTable(entries);
    }

    private static MountEntry parseLine(String line, String where) {
        String[] fields = line.strip().split(" ");
        int separator = List.of(fields).indexOf("-");
        if (fields.length < 10 || separator < 6 || fields.length - separator != 4) {
            throw new IllegalArgumentException(where + ": expected 'id parent major:minor root mount-point options"
                    + " [optional fields] - type source super-options', got: " + line);
        }
        try {
            return new MountEntry(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]),
                    DeviceNumber.parseDecimal(fields[2]), unescape(fields[3]), unescape(fields[4]), fields[5],
                    unescape(fields[separator + 1]), unescape(fields[separator + 2]), fields[separator + 3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + " in: " + line, e);
        }
    }

    /** Decodes the kernel's {@code \ooo} escapes. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder decoded = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                decoded.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    /** What a process sees at {@code mountPoint}: the last mount stacked there, if any. */
    public Optional<MountEntry> visibleAt(String mountPoint) {
        MountEntry visible = null;
        for (MountEntry entry : entries) {
            if (entry.mountPoint().equals(mountPoint)) {
                visible = entry;
            }
        }
        return Optional.ofNullable(visible);
    }

    public List<MountEntry> matching(Predicate<MountEntry> condition) {
        return entries.stream().filter(condition).toList();
    }

    /** Mounts strictly below {@code mountPoint}; any of them keeps it busy. */
    public List<MountEntry> below(String mountPoint) {
        String prefix = mountPoint.endsWith("/") ? mountPoint : mountPoint + "/";
        return matching(entry -> entry.mountPoint().startsWith(prefix));
    }
}
