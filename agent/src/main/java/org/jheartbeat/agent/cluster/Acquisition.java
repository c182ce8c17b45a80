package org.jheartbeat.agent.cluster;

import java.util.Set;
import org.jheartbeat.agent.ownership.Request;

/** Why this node acquired a group: its first placement, after its holder died, or after it handed it over. */
public enum Acquisition {
    START, FAILOVER, HANDOVER;

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
