package org.jheartbeat.agent.heartbeatpeer;

import java.time.Duration;
import java.util.List;
import org.jheartbeat.agent.heartbeatpeer.NiceFailback.Announcement;
import org.jheartbeat.agent.heartbeatpeer.NiceFailback.Ask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat 3.0.6's three-phase standby handover ({@code t=ask_resources}) between this node and a heartbeat 3 peer,
 * in both directions, as a pure state machine. The node giving groups up asks ({@code info=me}, its own word for
 * them: all, local or foreign); the other agrees ({@code other}, the same word) only when both are stable; the first
 * stops the groups and then says {@code done}; the other starts them and then says {@code done}. Stop before start:
 * the taker starts nothing before the giver's done. Which groups move is what the word names in the giver's terms.
 *
 * <p>It says what moves ({@link Step}); {@link NiceFailback} applies it to what this node may hold.
 */
final class StandbyHandover {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyHandover.class);

    /** heartbeat's STANDBY_INIT_TO_MS: how long a node asking waits for the other's {@code other}. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    static final String ME = "me";
    static final String OTHER = "other";
    static final String DONE = "done";

    private enum State {
        NONE,
        /** The peer asked to give groups up and this node said it can take them: the peer releases them. */
        PEER_RELEASING,
        /** The peer released them: this node starts them, then says done. */
        ACQUIRING,
        /** This node asked to give groups up and waits for the peer's agreement. */
        ASKED,
        /** The peer agreed: this node stops the groups, then says done. */
        RELEASING,
        /** This node said done: the peer starts the groups, then says done. */
        RELEASED
    }

    /**
     * What a step of the handover changes here.
     *
     * @param said     what this node says now
     * @param released the classes (this node's terms) it gives up now: it stops them
     * @param acquired the classes it takes now: it starts them
     * @param finished the handover ended now (this node then says its holdings, stable)
     */
    record Step(List<Announcement> said, ResourceClasses released, ResourceClasses acquired, boolean finished) {

        static final Step NOTHING = new Step(List.of(), ResourceClasses.NONE, ResourceClasses.NONE, false);

        static Step saying(Announcement announcement) {
            return new Step(List.of(announcement), ResourceClasses.NONE, ResourceClasses.NONE, false);
        }
    }

    private final long answerWaitNanos;
    private State state = State.NONE;
    /** The word of the giving node for the groups handed over, passed back unchanged in every message. */
    private String word = "";
    private long askedAt;

    StandbyHandover(Duration answerWait) {
        this.answerWaitNanos = answerWait.toNanos();
    }

    /** Whether no handover is under way. */
    boolean idle() {
        return state == State.NONE;
    }

    /** Whether this node asked and the peer has not agreed yet. */
    boolean asking() {
        return state == State.ASKED;
    }

    /** The peer is gone: whatever was under way ends, and the cluster's own rules place every group. */
    void abandon() {
        if (state != State.NONE) {
            LOG.warn("standby handover [{}] with the heartbeat 3 peer abandoned in state {}: the peer is gone", word,
                    state);
        }
        state = State.NONE;
    }

    /**
     * This node's hb_standby towards the peer: it asks to give up what {@code word} names in its own terms.
     *
     * @param bothStable whether the peer said it is stable and this node's groups are settled: else heartbeat refuses
     */
    Step ask(String word, boolean bothStable, long now) {
        if (state != State.NONE) {
            LOG.warn("standby [{}] not asked of the heartbeat 3 peer: a handover [{}] is under way ({})", word,
                    this.word, state);
            return Step.NOTHING;
        }
        if (!bothStable) {
            LOG.warn("standby [{}] not asked of the heartbeat 3 peer: groups are in flux here or there (heartbeat "
                    + "would refuse it)", word);
            return Step.NOTHING;
        }
        state = State.ASKED;
        this.word = word;
        askedAt = now;
        LOG.info("this node wants to go standby [{}]: asking the heartbeat 3 peer to take the groups", word);
        return Step.saying(new Ask(word, ME));
    }

    /**
     * The peer's {@code t=ask_resources}.
     *
     * @param theirs     what {@code word} names in the giving node's terms
     * @param bothStable whether the peer said it is stable and this node's groups are settled
     */
    Step heard(String word, ResourceClasses theirs, String info, boolean bothStable) {
        if (state == State.NONE && info.equals(ME)) {
            if (!bothStable) {
                LOG.warn("heartbeat 3 peer's standby request ({}) ignored: groups are in flux here or there", word);
                return Step.NOTHING;
            }
            state = State.PEER_RELEASING;
            this.word = word;
            LOG.info("heartbeat 3 peer wants to go standby [{}]: this node can take its groups", word);
            return Step.saying(new Ask(word, OTHER));
        }
        if (state == State.PEER_RELEASING && info.equals(DONE)) {
            state = State.ACQUIRING;
            LOG.info("heartbeat 3 peer released [{}]: this node takes its {} groups", word, theirs.mirrored().word());
            return new Step(List.of(), ResourceClasses.NONE, theirs.mirrored(), false);
        }
        if (state == State.ASKED && info.equals(OTHER)) {
            state = State.RELEASING;
            LOG.info("standby: the heartbeat 3 peer can take this node's {} groups: stopping them", theirs.word());
            return new Step(List.of(), theirs, ResourceClasses.NONE, false);
        }
        if (state == State.RELEASED && info.equals(DONE)) {
            state = State.NONE;
            LOG.info("the heartbeat 3 peer completed the standby takeover of this node's {} groups [{}]",
                    theirs.word(), word);
            return new Step(List.of(), ResourceClasses.NONE, ResourceClasses.NONE, true);
        }
        LOG.warn("heartbeat 3 peer's standby message ({} {}) ignored in this node's handover state {}", info, word,
                state);
        return Step.NOTHING;
    }

    /**
     * Every keepalive: a done owed once this node's groups are settled (stopped or started), or an ask the peer left
     * unanswered given up.
     */
    Step review(boolean settledHere, long now) {
        if (state == State.ACQUIRING && settledHere) {
            state = State.NONE;
            LOG.info("standby takeover of the heartbeat 3 peer's groups done [{}]", word);
            return new Step(List.of(new Ask(word, DONE)), ResourceClasses.NONE, ResourceClasses.NONE, true);
        }
        if (state == State.RELEASING && settledHere) {
            state = State.RELEASED;
            LOG.info("standby: this node's groups [{}] are stopped: the heartbeat 3 peer takes them now", word);
            return Step.saying(new Ask(word, DONE));
        }
        if (state == State.ASKED && now - askedAt >= answerWaitNanos) {
            state = State.NONE;
            LOG.warn("no answer from the heartbeat 3 peer to this node's standby request [{}] within {} s: nothing "
                    + "moves", word, Duration.ofNanos(answerWaitNanos).toSeconds());
        }
        return Step.NOTHING;
    }
}
