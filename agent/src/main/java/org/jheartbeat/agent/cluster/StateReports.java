package org.jheartbeat.agent.cluster;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jheartbeat.agent.ownership.NodeState;

/**
 * This node's state as it sends it to the members, in the round it belongs to: the coordinator's own round, or
 * the round a member answered. Used on the cluster loop only.
 *
 * <p>A node that joins drops what is sent to it before it has installed the view (JGroups: "dropped message from
 * non-member"), so the report sent at the view change may never reach it, and it would be sent again only when this
 * node's state changes: after a member arrived, the state goes out again at each of a few keepalives.
 */
final class StateReports {

    /** Keepalives after an arrival in which this node sends its state again: a joiner has installed the view by then. */
    private static final int REPEATS_AFTER_ARRIVAL = 5;

    private final CoordinatorRound round;
    private final MemberRound memberRound;
    private final Supplier<NodeState> state;
    private final Consumer<ClusterMessage> broadcast;
    /** Keepalives left in which this node sends its state again after a member arrived. */
    private int repeats;

    StateReports(CoordinatorRound round, MemberRound memberRound, Supplier<NodeState> state,
                 Consumer<ClusterMessage> broadcast) {
        this.round = round;
        this.memberRound = memberRound;
        this.state = state;
        this.broadcast = broadcast;
    }

    /** Sends this node's state in the coordinator's round ({@code coordinating}) or the one it answered, if any. */
    void send(boolean coordinating) {
        NodeState now = state.get();
        if (coordinating) {
            broadcast.accept(new ClusterMessage.StateReport(round.epoch(), now));
        } else {
            memberRound.epoch().ifPresent(epoch -> broadcast.accept(new ClusterMessage.StateReport(epoch, now)));
        }
    }

    /** Another node arrived in the view: the next keepalives send the state again. */
    void memberArrived() {
        repeats = REPEATS_AFTER_ARRIVAL;
    }

    /** At a keepalive: sends the state again while an arrival's repeats last. */
    void repeatAfterArrival(boolean coordinating) {
        if (repeats == 0) {
            return;
        }
        repeats--;
        send(coordinating);
    }
}
