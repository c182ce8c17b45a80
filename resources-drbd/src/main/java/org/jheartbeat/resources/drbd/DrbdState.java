package org.jheartbeat.resources.drbd;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One resource as this node's kernel sees it, whatever the DRBD generation that reported it.
 *
 * @param connection the connection state as DRBD named it ({@code WFConnection}, {@code SyncSource}, ...)
 * @param synced     how far a running resync has got, in percent, when DRBD reports one
 */
public record DrbdState(String connection, ConnectionState connectionState, Role role, Role peerRole, DiskState disk,
                        DiskState peerDisk, OptionalDouble synced) {

    public DrbdState {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(connectionState, "connectionState");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(peerRole, "peerRole");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(peerDisk, "peerDisk");
        Objects.requireNonNull(synced, "synced");
    }

    public static DrbdState unconfigured() {
        return new DrbdState("Unconfigured", ConnectionState.UNCONFIGURED, Role.UNCONFIGURED, Role.UNKNOWN,
                DiskState.DISKLESS, DiskState.UNKNOWN, OptionalDouble.empty());
    }

    /**
     * The state of a resource made of several devices (volumes, or 0.7/8.x minors): each part at its worst,
     * so that one Inconsistent volume makes the resource Inconsistent, and roles that disagree are Unknown.
     */
    static DrbdState combine(List<DrbdState> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no devices to combine");
        }
        DrbdState result = parts.get(0);
        for (DrbdState part : parts.subList(1, parts.size())) {
            result = new DrbdState(
                    part.connectionState.ordinal() > result.connectionState.ordinal() ? part.connection : result.connection,
                    part.connectionState.ordinal() > result.connectionState.ordinal() ? part.connectionState : result.connectionState,
                    part.role == result.role ? result.role : Role.UNKNOWN,
                    part.peerRole == result.peerRole ? result.peerRole : Role.UNKNOWN,
                    DiskState.worse(part.disk, result.disk),
                    DiskState.worse(part.peerDisk, result.peerDisk),
                    result.synced.isPresent() ? result.synced : part.synced);
        }
        return result;
    }

    /** In /proc/drbd's words, for status lines and log messages. */
    public String describe() {
        if (connectionState == ConnectionState.UNCONFIGURED) {
            return "cs:Unconfigured";
        }
        String text = "cs:" + connection + " ro:" + role.drbdName() + "/" + peerRole.drbdName()
                + " ds:" + disk.drbdName() + "/" + peerDisk.drbdName();
        return synced.isPresent() ? text + String.format(Locale.ROOT, " sync'ed:%.1f%%", synced.getAsDouble()) : text;
    }
}
