package org.jheartbeat.resources.drbd;

import java.util.Set;

/**
 * Where a resource stands with its peer, condensed from the many connection and replication states of DRBD
 * 0.7, 8.x and 9.x into what the startup and promotion decisions need.
 */
public enum ConnectionState {
    /** Connected, data in step. */
    CONNECTED,
    /** Connected and resynchronising (or verifying, or about to): the peer is reachable. */
    SYNCING,
    /** Configured to connect but the peer has not (yet) answered. */
    CONNECTING,
    /** Not even trying to connect: what DRBD falls back to after a split brain, or after a disconnect by hand. */
    STANDALONE,
    /** The kernel does not know the resource. */
    UNCONFIGURED;

    private static final Set<String> CONNECTING_STATES = Set.of("Unconnected", "Timeout", "BrokenPipe",
            "NetworkFailure", "ProtocolError", "TearDown", "Disconnecting", "WFConnection", "WFReportParams",
            "Connecting");
    private static final Set<String> SYNCING_STATES = Set.of("StartingSyncS", "StartingSyncT", "WFBitMapS",
            "WFBitMapT", "WFSyncUUID", "SyncSource", "SyncTarget", "PausedSyncS", "PausedSyncT", "VerifyS",
            "VerifyT", "SkippedSyncS", "SkippedSyncT", "Ahead", "Behind");

    public boolean peerReachable() {
        return this == CONNECTED || this == SYNCING;
    }

    /**
     * Classifies a 0.7/8.x {@code cs:} value, or a 9.x connection state refined by its replication state
     * (pass {@code Established} or {@code Off} where there is none).
     */
    static ConnectionState of(String connectionState, String source) {
        if (connectionState.equals("Connected") || connectionState.equals("Established")) {
            return CONNECTED;
        }
        if (connectionState.equals("StandAlone")) {
            return STANDALONE;
        }
        if (connectionState.equals("Unconfigured")) {
            return UNCONFIGURED;
        }
        if (CONNECTING_STATES.contains(connectionState)) {
            return CONNECTING;
        }
        if (SYNCING_STATES.contains(connectionState)) {
            return SYNCING;
        }
        throw new DrbdStateException(source + ": unknown DRBD connection state '" + connectionState + "'");
    }
}
