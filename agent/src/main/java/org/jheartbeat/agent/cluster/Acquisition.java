package org.jheartbeat.agent.cluster;

import java.util.Set;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.resource.Succession;

/**
 * Why this node acquired a group: a placement whose predecessor is unknown (its first, or one whose previous holder's
 * stop was not confirmed within the current view), after its holder died, or after its holder handed it over (stopped
 * it and said so, within the view this node is in now).
 */
public enum Acquisition {
    START(Succession.UNKNOWN), FAILOVER(Succession.HOLDER_DEAD), HANDOVER(Succession.HANDED_OVER);

    private final Succession succession;

    Acquisition(Succession succession) {
        this.succession = succession;
    }

    /** What the group's resources are told when they start: how the previous holder left, as far as it is known. */
    public Succession succession() {
        return succession;
    }

    /** What metrics and the transition history hear of the cluster's decisions on this node. */
    public interface Listener {
        void acquired(String group, Acquisition why);

        /** @param previousHolder the member last seen holding the group, null when none was */
        default void acquired(String group, Acquisition why, String previousHolder) {
            acquired(group, why);
        }

        /** A new standby or takeover request of {@code node}, here or on another member, covers these groups. */
        default void requested(String node, Request request, Set<String> groups) {
        }
    }
}
