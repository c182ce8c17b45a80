package org.jheartbeat.agent.cluster;

import java.util.OptionalLong;
import java.util.Set;

/**
 * The coordinator's round this node takes part in as a member: it answers the coordinator's state requests,
 * never an older round's, and carries out only the instructions of the round it answered, so an instruction
 * decided on stale states, or sent by a node that is not the coordinator, is never acted on.
 */
final class MemberRound {

    private String coordinator;
    private long epoch;

    /** A state request from {@code from}: joined (and to be answered) when it is the coordinator's latest round. */
    boolean join(String from, String currentCoordinator, long requestEpoch) {
        if (from.equals(currentCoordinator) && (!from.equals(coordinator) || requestEpoch >= epoch)) {
            coordinator = from;
            epoch = requestEpoch;
            return true;
        }
        return false;
    }

    /** Whether instructions of {@code instructionsEpoch} from {@code from} belong to the round this node joined. */
    boolean accepts(String from, String currentCoordinator, long instructionsEpoch) {
        return from.equals(currentCoordinator) && from.equals(coordinator) && instructionsEpoch == epoch;
    }

    /** The round this node's state reports belong to; empty before a coordinator asked. */
    OptionalLong epoch() {
        return coordinator == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    void forgetUnlessMember(Set<String> members) {
        if (coordinator != null && !members.contains(coordinator)) {
            coordinator = null;
        }
    }

    void forget() {
        coordinator = null;
    }
}
