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
