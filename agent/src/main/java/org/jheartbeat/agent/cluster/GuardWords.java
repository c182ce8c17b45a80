package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What this node's guard tells its peers once this agent is gone without stopping its groups ({@link AwayHolds}):
 * first that it is releasing them, then that it has. The agent has them sealed ahead on every link
 * ({@link org.jheartbeat.agent.membership.Membership#sealAhead}), in the order of {@link #all}: the guard sends them
 * as they are, within milliseconds of the agent's death, long before a peer can have declared the node dead.
 * Each is sealed {@link #COPIES} times (each copy its own counter, accepted once) against the loss of a datagram.
 */
public final class GuardWords {

    public static final int COPIES = 3;

    public enum Phase {
        /** The guard stops what the agent left running; a peer starts none of it elsewhere meanwhile. */
        RELEASING,
        /** Everything stopped: a peer may start it. */
        RELEASED
    }

    private GuardWords() {
    }

    /**
     * @param generation     the agent's run, which the words name so that a late copy of an earlier release is no news
     * @param releasedWithin how long after the releasing word the peers wait at most for the released one: the
     *                       release's start and stop budget, after which every stop ended or a failed one fenced
     * @return {@link #COPIES} releasing words, then as many released ones
     */
    public static List<byte[]> all(long generation, Duration releasedWithin) {
        List<byte[]> words = new ArrayList<>(Collections.nCopies(COPIES,
                ClusterMessage.encode(new ClusterMessage.GuardReleasing(generation, releasedWithin.toMillis()))));
        words.addAll(Collections.nCopies(COPIES, ClusterMessage.encode(new ClusterMessage.GuardReleased(generation))));
        return words;
    }

    /** Which word is at {@code index} of {@link #all}. */
    public static Phase phase(int index) {
        return index < COPIES ? Phase.RELEASING : Phase.RELEASED;
    }
}
