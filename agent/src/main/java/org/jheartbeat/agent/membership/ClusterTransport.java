package org.jheartbeat.agent.membership;

import java.time.Duration;
import java.util.Set;

/** How a node reaches the others; {@link Membership} over JGroups is the one implementation. */
public interface ClusterTransport {

    /** Sends to every member, this one included. */
    void broadcast(byte[] payload);

    /** Leaves and joins the cluster again, to be let in by the members that declared this node dead. */
    void rejoin();

    /** ha.cf's nodes heard sending heartbeat 3 packets within deadtime ({@link HeartbeatPeers}): no members. */
    Set<String> heartbeatNodes();

    /**
     * What this node holds now, for its answers to heartbeat 3 nodes (heartbeat's start-up handshake).
     *
     * @param held     the groups it is starting or running
     * @param changing the groups it is starting or stopping
     */
    default void holding(Set<String> held, Set<String> changing) {
    }

    /**
     * The groups heartbeat's rules leave to this node while {@link #heartbeatNodes} are heard: the others are theirs
     * or no one's. None by default: a transport that does not speak heartbeat's protocol leaves every group to them.
     */
    default Set<String> groupsLeftByHeartbeatNodes() {
        return Set.of();
    }

    /**
     * ha.cf's nodes, this one aside, whose authenticated packets arrived on some link within {@code window}, whatever
     * the view: a node heard but not a member is the other side of a split, not a dead node.
     */
    Set<String> heardWithin(Duration window);

    /**
     * The node said it leaves the cluster: what it sends until its agent is gone does not make it heard; its next run
     * is heard again.
     */
    void departed(String node);
}
