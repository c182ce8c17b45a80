package org.jheartbeat.resources.drbd;

import java.time.Duration;
import org.jheartbeat.resources.drbd.DrbdResourceConfig.PeerWait;
import java.util.Optional;

/**
 * What to do with a DRBD resource when the agent starts, before any resource group is started: the decision
 * DRBD's init script and its {@code incon-degr-cmd} / {@code pri-on-incon-degr} took in heartbeat's days.
 * Pure: the caller observes the state, counts the time and acts on the {@link Decision}.
 */
public final class DegradedStartupPolicy {

    private DegradedStartupPolicy() {
    }

    public enum Action {
        /** The peer is reachable (or there is none): nothing degraded, start as usual. */
        PROCEED,
        /** The peer has not answered yet: observe again after a pause. */
        WAIT,
        /** StandAlone: ask DRBD to connect once, then keep observing. */
        CONNECT,
        /** The peer stayed away for degr-wfc-timeout; the local disk may serve alone. */
        PROCEED_DEGRADED,
        /**
         * The local disk is Inconsistent and the peer stayed away, and drbd.conf asks for that
         * ({@code incon-degr-cmd}, {@code pri-on-incon-degr}): the node takes itself out.
         */
        FENCE,
        /**
         * The same where drbd.conf asks for nothing: the node stays up and runs nothing that uses the resource (as
         * under heartbeat, whose drbddisk cannot promote an Inconsistent disk).
         */
        REFUSE,
        /** StandAlone again after a connect: DRBD refused the peer, a split brain to resolve by hand. */
        SPLIT_BRAIN,
        /** The kernel does not know the resource: nothing to wait for; a later start will say so. */
        NOT_CONFIGURED
    }

    public record Decision(Action action, String reason) {
    }

    /**
     * @param waited           time since the check began
     * @param limit            how long to wait for the peer ({@link DrbdResourceConfig#peerWait}); zero waits
     *                         for ever, as DRBD's own init script does
     * @param connectAttempted whether a connect has already been asked for since the check began
     * @param hasPeer          whether drbd.conf names a peer for this node
     * @param configuredAction drbd.conf's incon-degr-cmd / pri-on-incon-degr: only where it is set does an
     *                         Inconsistent disk alone fence the node (named in the reason)
     */
    public static Decision decide(String resource, DrbdState state, Duration waited, PeerWait limit,
                                  boolean connectAttempted, boolean hasPeer, Optional<String> configuredAction) {
        if (state.connectionState() == ConnectionState.UNCONFIGURED) {
            return new Decision(Action.NOT_CONFIGURED, resource + " is not configured in the kernel (cs:Unconfigured)");
        }
        if (state.connectionState().peerReachable() || !hasPeer) {
            return new Decision(Action.PROCEED, resource + " " + state.describe());
        }
        if (state.connectionState() == ConnectionState.STANDALONE) {
            return connectAttempted
                    ? new Decision(Action.SPLIT_BRAIN, resource + " is StandAlone again after a connect attempt ("
                    + state.describe() + "): DRBD refused its peer, most likely a split brain; jheartbeat never"
                    + " discards either side's data, resolve it by hand")
                    : new Decision(Action.CONNECT, resource + " is StandAlone; asking DRBD to connect to its peer");
        }
        boolean stillWaiting = limit.duration().isZero() || waited.compareTo(limit.duration()) < 0;
        if (stillWaiting) {
            return new Decision(Action.WAIT, resource + " waiting for its peer (" + state.describe() + ")");
        }
        String alone = "peer not reachable within " + limit.setting() + " " + limit.duration().toSeconds() + " s ("
                + state.describe() + ")";
        if (state.disk() == DiskState.INCONSISTENT) {
            String inconsistent = resource + ": local disk Inconsistent and " + alone;
            return configuredAction.map(action -> new Decision(Action.FENCE, inconsistent + "; drbd.conf " + action))
                    .orElseGet(() -> new Decision(Action.REFUSE, inconsistent + "; drbd.conf asks for no action"
                            + " (neither incon-degr-cmd nor a pri-on-incon-degr handler), so the node stays up and"
                            + " runs nothing that uses " + resource));
        }
        String promotable = state.disk().holdsGoodData() ? "" : "; its " + state.disk().drbdName()
                + " disk will not be promoted";
        return new Decision(Action.PROCEED_DEGRADED, resource + ": " + alone + ", continuing degraded" + promotable);
    }
}
