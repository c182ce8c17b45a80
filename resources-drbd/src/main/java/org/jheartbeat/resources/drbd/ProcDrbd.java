package org.jheartbeat.resources.drbd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contents of {@code /proc/drbd}: the module version and, for DRBD 0.7 and 8.x, one state per device
 * minor. DRBD 9 prints only its version there and reports resources through {@code drbdsetup}.
 *
 * <p>Device lines of every generation are understood: 0.7 ({@code cs: st: ld:}, local disk only), 8.0-8.3
 * ({@code cs: st: ds:}) and 8.4 ({@code cs: ro: ds:}), with the resync progress line that follows a syncing
 * device.
 */
public record ProcDrbd(Optional<String> version, Map<Integer, DrbdState> devices) {

    private static final Pattern VERSION = Pattern.compile("^version:\\s*(\\S+)");
    private static final Pattern DEVICE = Pattern.compile("^\\s*(\\d+):\\s+cs:(\\S+)(.*)$");
    private static final Pattern FIELD = Pattern.compile("\\b(st|ro|ld|ds):(\\S+)");
    private static final Pattern PROGRESS = Pattern.compile("sync'ed:\\s*([0-9.]+)%");

    public ProcDrbd {
        devices = Map.copyOf(devices);
    }

    /** DRBD 9 and later keep resource state out of /proc/drbd. */
    public boolean reportsResourcesElsewhere() {
        return version.map(v -> !v.startsWith("0.") && !v.startsWith("8.")).orElse(false);
    }

    /** A minor that 8.4 leaves out, or that 0.7/8.3 list as {@code cs:Unconfigured}, is unconfigured. */
    public DrbdState device(int minor) {
        return devices.getOrDefault(minor, DrbdState.unconfigured());
    }

    /**
     * @param source where the text was read, named in errors ({@code /proc/drbd})
     * @throws DrbdStateException naming the source and line of anything that is not DRBD's format
     */
    public static ProcDrbd parse(String text, String source) {
        Optional<String> version = Optional.empty();
        Map<Integer, DrbdState> devices = new LinkedHashMap<>();
        Integer lastMinor = null;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String where = source + ":" + (i + 1);
            String line = lines[i];
            Matcher versionLine = VERSION.matcher(line);
            Matcher deviceLine = DEVICE.matcher(line);
            Matcher progress = PROGRESS.matcher(line);
            if (versionLine.find()) {
                version = Optional.of(versionLine.group(1));
            } else if (deviceLine.matches()) {
                lastMinor = Integer.parseInt(deviceLine.group(1));
                devices.put(lastMinor, device(deviceLine.group(2), deviceLine.group(3), where));
            } else if (progress.find()) {
                if (lastMinor == null) {
                    throw new DrbdStateException(where + ": resync progress before any device line: " + line.strip());
                }
                DrbdState syncing = devices.get(lastMinor);
                devices.put(lastMinor, new DrbdState(syncing.connection(), syncing.connectionState(), syncing.role(),
                        syncing.peerRole(), syncing.disk(), syncing.peerDisk(),
                        OptionalDouble.of(Double.parseDouble(progress.group(1)))));
            }
            // Counters (ns: nr: ...), build lines, "finish:" lines and DRBD 9's transport list carry no state.
        }
        return new ProcDrbd(version, devices);
    }

    private static DrbdState device(String connection, String rest, String where) {
        ConnectionState connectionState = ConnectionState.of(connection, where);
        if (connectionState == ConnectionState.UNCONFIGURED) {
            return DrbdState.unconfigured();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(rest);
        while (field.find()) {
            fields.put(field.group(1), field.group(2));
        }
        String roles = fields.getOrDefault("ro", fields.get("st"));
        String disks = fields.getOrDefault("ds", fields.get("ld"));
        if (roles == null || disks == null || !roles.contains("/")) {
            throw new DrbdStateException(where + ": device line without roles (ro:/st:) and disk states (ds:/ld:): cs:"
                    + connection + rest);
        }
        String[] role = roles.split("/", 2);
        String[] disk = disks.split("/", 2);
        // DRBD 0.7's ld: shows the local disk only.
        DiskState peerDisk = disk.length == 2 ? DiskState.parse(disk[1], where) : DiskState.UNKNOWN;
        return new DrbdState(connection, connectionState, Role.parse(role[0], where), Role.parse(role[1], where),
                DiskState.parse(disk[0], where), peerDisk, OptionalDouble.empty());
    }
}
