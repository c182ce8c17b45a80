package org.jheartbeat.resources.drbd;

import java.util.Optional;

/** When this node may be promoted, and when a refused promotion is worth trying again. Pure decisions. */
public final class Promotion {

    private Promotion() {
    }

    /**
     * Why {@code resource} must not be promoted in {@code state}, or empty when it may be. An Inconsistent,
     * Outdated or Diskless disk would serve stale or half-synchronised data to the filesystem above it; a
     * resource the kernel does not know cannot be promoted at all.
     */
    public static Optional<String> refusal(String resource, DrbdState state) {
        if (state.connectionState() == ConnectionState.UNCONFIGURED) {
            return Optional.of(resource + " is not configured in the kernel (cs:Unconfigured): DRBD must bring it"
                    + " up before it can be promoted");
        }
        if (!state.disk().holdsGoodData()) {
            return Optional.of(resource + ": local disk is " + state.disk().drbdName() + " (" + state.describe()
                    + "), refusing to promote data that is not known to be good");
        }
        return Optional.empty();
    }

    /**
     * A promotion DRBD refused is retried only while the peer still holds Primary: heartbeat may declare a
     * peer dead before DRBD notices that it has gone, and the refusal clears once DRBD does.
     */
    public static boolean worthRetrying(DrbdState afterRefusal) {
        return afterRefusal.peerRole() == Role.PRIMARY && afterRefusal.role() != Role.PRIMARY;
    }
}
