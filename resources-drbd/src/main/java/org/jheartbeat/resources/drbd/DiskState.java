package org.jheartbeat.resources.drbd;

import java.util.Arrays;

/**
 * A disk state by the names DRBD prints, in DRBD's own order from worst to best, so that the worse of two
 * states is the one with the lower ordinal.
 */
public enum DiskState {
    DISKLESS("Diskless"),
    ATTACHING("Attaching"),
    DETACHING("Detaching"),
    FAILED("Failed"),
    NEGOTIATING("Negotiating"),
    INCONSISTENT("Inconsistent"),
    OUTDATED("Outdated"),
    UNKNOWN("DUnknown"),
    CONSISTENT("Consistent"),
    UP_TO_DATE("UpToDate");

    private final String drbdName;

    DiskState(String drbdName) {
        this.drbdName = drbdName;
    }

    public String drbdName() {
        return drbdName;
    }

    /** Data that may be promoted: DRBD itself refuses anything worse without --force. */
    public boolean holdsGoodData() {
        return this == UP_TO_DATE || this == CONSISTENT;
    }

    static DiskState worse(DiskState a, DiskState b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    /** @throws DrbdStateException naming {@code source} when DRBD has no such disk state */
    static DiskState parse(String text, String source) {
        return Arrays.stream(values()).filter(state -> state.drbdName.equals(text)).findFirst()
                .orElseThrow(() -> new DrbdStateException(source + ": unknown DRBD disk state '" + text + "'"));
    }
}
