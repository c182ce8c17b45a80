package org.jheartbeat.agent.cluster;

/** Why this node acquired a group: its first placement, after its holder died, or after it handed it over. */
public enum Acquisition {
    START, FAILOVER, HANDOVER;

    /** What metrics hear of the cluster's decisions on this node. */
    public interface Listener {
        void acquired(String group, Acquisition why);
    }
}
