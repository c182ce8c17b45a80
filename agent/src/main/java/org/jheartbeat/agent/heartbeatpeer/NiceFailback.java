package org.jheartbeat.agent.heartbeatpeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat 3.0.6's start-up handshake under nice_failback ({@code auto_failback on} or {@code off}), this node's side
 * of it, as a pure state machine: which resource classes ({@link ResourceClasses}, in this node's terms) heartbeat's
 * rules let this node hold while a heartbeat 3 peer is alive, and what it must say for the peer to follow the same
 * rules. Only while a peer is alive: a dead peer, or one that said {@code shutdone}, holds nothing, and the cluster's
 * own rules place every group.
 *
 * <p>The rules, as 3.0.6 applies them to two nodes:
 * <ul>
 *   <li>A node that starts speaking to the peer while it already holds groups keeps the classes it holds (it took them
 *   alone, as heartbeat takes every group of a node it marked dead), unless the peer says it holds them too: a peer
 *   back from a partition is asked ({@link #rejoin}).</li>
 *   <li>A node that starts holding nothing asks ({@code t=starting}); the peer answers with what it holds and whether
 *   it is stable ({@code t=resource rsc_hold=… isstable=…}). Once the peer is stable, or {@link #REQUEST_DELAY} after
 *   an unstable answer (heartbeat's RQSTDELAY: both were starting), the node takes its local groups unless the peer
 *   holds them; it never takes the peer's own (foreign) groups while the peer lives.</li>
 *   <li>A node answers every {@code t=starting} with what it holds, stable or not; an unstable answer is followed by
 *   a stable one once its groups are settled. One difference: waiting, holding nothing, this node answers the peer's
 *   unstable word with a stable "none" at once, where heartbeat says nothing, so that the peer (which may hold
 *   everything since it started alone) is stable now rather than after its own RQSTDELAY; heartbeat's own node
 *   started beside a peer still starting would keep it unstable, and a stop delayed, for those 10 s.</li>
 *   <li>A class the peer says it holds is never this node's, whatever it held before (heartbeat would only log "Both
 *   machines own …"; giving it up keeps one owner).</li>
 * </ul>
 * And heartbeat's three-phase handover ({@code ask_resources}, {@link StandbyHandover}) both ways: the peer's
 * hb_standby and its auto_failback handing this node's own groups back; this node's hb_standby, its hb_takeover
 * ({@code t=hb_takeover}, on which the peer goes standby), and with {@code auto_failback on} its handing the peer's
 * own groups back once the peer is stable (heartbeat's rsc_needs_failback: it holds them since it took them over).
 */
final class NiceFailback {

    private static final Logger LOG = LoggerFactory.getLogger(NiceFailback.class);

    /** heartbeat's RQSTDELAY: how long both starting nodes wait for each other before taking their local groups. */
    static final Duration REQUEST_DELAY = Duration.ofSeconds(10);

    /** What this node tells the peer. */
    sealed interface Announcement permits Starting, Held, Ask, Releasing, Takeover {
    }

    /** heartbeat's {@code t=starting}: what do you hold? */
    record Starting() implements Announcement {
    }

    /** heartbeat's {@code t=resource}: what this node holds, in its own terms, and whether it is done changing it. */
    record Held(ResourceClasses classes, boolean stable) implements Announcement {
    }

    /**
     * heartbeat's {@code t=ask_resources}, a step of its three-phase handover (hb_standby, auto_failback).
     *
     * @param resources the word the node that asked used for what it gives up, passed on unchanged
     * @param info      {@code me} (this node gives them up), {@code other} (it can take them) or {@code done} (it
     *                  stopped or started them)
     */
    record Ask(String resources, String info) implements Announcement {
    }

    /**
     * heartbeat's {@code t=resource} of a node giving groups up in a standby handover: what it still holds, not stable,
     * {@code info=standby}.
     */
    record Releasing(ResourceClasses classes) implements Announcement {
    }

    /** heartbeat's {@code t=hb_takeover}: the peer goes standby for {@code resources}, named in this node's terms. */
    record Takeover(String resources) implements Announcement {
    }

    private enum Phase {
        /** Not speaking to a peer: nothing granted by this class. */
        SILENT,
        /** Speaking, holding nothing, waiting for the peer's answer before taking the local groups. */
        WAITING,
        /** The classes this node may hold are decided until the peer dies or says it holds one of them. */
        SETTLED
    }

    private final long requestDelayNanos;
    private Phase phase = Phase.SILENT;
    private ResourceClasses granted = ResourceClasses.NONE;
    /** What the peer last said it holds, in this node's terms. */
    private ResourceClasses peerHolds = ResourceClasses.NONE;
    private boolean peerStable;
    private boolean heardResources;
    private Optional<Long> askedAt = Optional.empty();
    private Optional<Long> takeLocalAt = Optional.empty();
    private boolean stableAnswerOwed;
    private final StandbyHandover handover;
    private final boolean autoFailback;
    /**
     * heartbeat's rsc_needs_failback: with auto_failback on, this node holds the peer's own groups (it took them while
     * the peer was dead) and hands them back once the peer is stable.
     */
    private boolean failbackDue;
    /** The handover this node asked for last was its auto_failback. */
    private boolean failbackAsked;

    /**
     * @param autoFailback ha.cf's {@code auto_failback on}: the peer's own groups held here go back to it once it is
     *                     stable
     */
    NiceFailback(Duration requestDelay, Duration answerWait, boolean autoFailback) {
        this.requestDelayNanos = requestDelay.toNanos();
        this.handover = new StandbyHandover(answerWait);
        this.autoFailback = autoFailback;
    }

    /** The classes heartbeat's rules let this node hold now; nothing while it is not speaking to a peer. */
    ResourceClasses granted() {
        return granted;
    }

    /** What the peer last said it holds, in this node's terms. */
    ResourceClasses peerHolds() {
        return peerHolds;
    }

    /**
     * This node starts speaking to a peer.
     *
     * @param holding    the classes of the groups it holds (any state)
     * @param peerActive whether the peer's communication is up: only then does it take a {@code t=starting}
     */
    List<Announcement> begin(ResourceClasses holding, boolean peerActive, long now) {
        speakingFrom(holding);
        if (!holding.isEmpty()) {
            LOG.info("heartbeat 3 peer heard while this node holds {} groups: it keeps them", holding.word());
            return List.of();
        }
        return peerActive ? ask(now) : List.of();
    }

    /**
     * This node speaks again to a peer that ran on through the silence: the same run of heartbeat as before it fell
     * silent, so a partition that healed. Each side may have taken the other's groups meanwhile, and the peer sees
     * only this node's restart (a new generation), after which heartbeat says nothing of what it holds unless asked.
     * So this node asks ({@code t=starting}) whatever it holds, and gives up what the answer says the peer holds
     * ({@link #resources}). heartbeat's own pair restarts both nodes at such a heal, and the groups run nowhere for
     * about 16 s; here the peer's copies stay and only this node's overlapping ones stop.
     */
    List<Announcement> rejoin(ResourceClasses holding, boolean peerActive, long now) {
        if (holding.isEmpty() || !peerActive) {
            return begin(holding, peerActive, now);
        }
        speakingFrom(holding);
        LOG.warn("heartbeat 3 peer heard again in the run it had before it fell silent (a partition healed) while this "
                + "node holds {} groups: it asks what the peer holds, and gives up those the peer holds too",
                holding.word());
        return ask(now);
    }

    /** Forgets the peer's earlier words: this node keeps what it holds, and holding nothing, waits. */
    private void speakingFrom(ResourceClasses holding) {
        handover.abandon();
        peerHolds = ResourceClasses.NONE;
        peerStable = false;
        heardResources = false;
        takeLocalAt = Optional.empty();
        askedAt = Optional.empty();
        stableAnswerOwed = false;
        granted = holding;
        failbackDue = autoFailback && holding.foreign();
        failbackAsked = false;
        phase = holding.isEmpty() ? Phase.WAITING : Phase.SETTLED;
    }

    /** The peer is dead or gone: nothing is granted by heartbeat's rules any more. */
    void end() {
        phase = Phase.SILENT;
        handover.abandon();
        failbackDue = false;
        granted = ResourceClasses.NONE;
        peerHolds = ResourceClasses.NONE;
    }

    /** The peer's {@code t=starting}: answered with what this node holds. */
    List<Announcement> starting(boolean settledHere) {
        if (phase == Phase.SILENT) {
            return List.of();
        }
        peerStable = false;
        return List.of(held(settledHere));
    }

    /**
     * The peer's {@code t=resource}.
     *
     * @param theirs what it holds, in its own terms
     * @param full   {@code rtype=full}: it replaces what the peer held; else it adds to it, unless it says none
     * @param stable its {@code isstable}, absent in a takeover script's message
     */
    List<Announcement> resources(ResourceClasses theirs, boolean full, Optional<Boolean> stable, long now,
                                 boolean settledHere) {
        if (phase == Phase.SILENT) {
            return List.of();
        }
        ResourceClasses mine = theirs.mirrored();
        peerHolds = full || mine.isEmpty() ? mine : peerHolds.with(mine);
        heardResources = true;
        List<Announcement> said = new ArrayList<>();
        if (granted.overlaps(peerHolds)) {
            LOG.error("heartbeat 3 peer says it holds {} groups of this node's {}: this node gives them up",
                    peerHolds.word(), granted.word());
            granted = granted.without(peerHolds);
            said.add(held(false));
        }
        boolean becameStable = stable.orElse(peerStable) && !peerStable;
        stable.ifPresent(value -> peerStable = value);
        if (phase == Phase.WAITING) {
            if (peerStable) {
                said.addAll(takeLocal("the peer is stable"));
                return said;
            }
            if (takeLocalAt.isEmpty()) {
                takeLocalAt = Optional.of(now + requestDelayNanos);
                // heartbeat, starting too, waits RQSTDELAY for a stable word unless it hears one: this node, holding
                // nothing and taking nothing but its own groups later, gives it at once.
                said.add(held(true));
            }
        } else if (becameStable && said.isEmpty()) {
            said.add(held(settledHere));
        }
        return said;
    }

    /**
     * The peer's {@code t=ask_resources}, a step of heartbeat's three-phase handover ({@link StandbyHandover}): the
     * peer going standby (its hb_standby, its auto_failback giving this node's own groups back, or this node's
     * hb_takeover), or its answers to this node's own standby. As heartbeat, a new request is taken only when both
     * sides are stable.
     *
     * @param theirs what the giving node hands over, in its own terms
     * @param word   its word for it, passed back unchanged
     */
    List<Announcement> askResources(ResourceClasses theirs, String word, String info, boolean settledHere) {
        if (phase != Phase.SETTLED) {
            LOG.warn("heartbeat 3 peer's standby message ({} {}) ignored: this node has not settled its groups with it "
                    + "yet", info, word);
            return List.of();
        }
        boolean wasIdle = handover.idle();
        StandbyHandover.Step step = handover.heard(word, theirs, info, peerStable && settledHere);
        if (wasIdle && !handover.idle()) {
            // heartbeat: the node that agreed to take groups counts the giver unstable until it says it is done.
            peerStable = false;
        }
        return apply(step);
    }

    /**
     * This node's hb_standby towards the peer: it gives up the groups {@code word} names in its own terms (all, local,
     * foreign), through the peer's agreement; refused, as heartbeat's peer would refuse it, unless both sides are
     * stable.
     */
    List<Announcement> standby(String word, long now, boolean settledHere) {
        if (phase != Phase.SETTLED) {
            LOG.warn("standby [{}] not asked of the heartbeat 3 peer: this node has not settled its groups with it yet",
                    word);
            return List.of();
        }
        return startHandover(handover.ask(word, peerStable && settledHere, now));
    }

    /**
     * This node's hb_takeover towards the peer: heartbeat's {@code t=hb_takeover}, on which the peer's own scripts go
     * standby for the mirror of {@code word} and hand the groups over ({@link #askResources}).
     */
    List<Announcement> takeover(String word) {
        if (phase == Phase.SILENT) {
            return List.of();
        }
        LOG.info("takeover [{}] asked of the heartbeat 3 peer: it goes standby for them", word);
        return List.of(new Takeover(word));
    }

    /**
     * The peer's hb_takeover ({@code t=hb_takeover}): as heartbeat's rc.d/hb_takeover, this node goes standby for the
     * same groups in its own terms (the peer's local ones are its foreign ones; any other word than local, foreign or
     * all makes heartbeat's script run hb_standby without an argument: all).
     */
    List<Announcement> peerTakeover(String word, long now, boolean settledHere) {
        String mine = switch (word) {
            case "local" -> ResourceClasses.FOREIGN.word();
            case "foreign" -> ResourceClasses.LOCAL.word();
            default -> ResourceClasses.ALL.word();
        };
        LOG.info("heartbeat 3 peer asks to take over [{}]: this node goes standby [{}]", word, mine);
        return standby(mine, now, settledHere);
    }

    /** Every keepalive: the delayed take of the local groups, a stable answer owed, a lost question asked again. */
    List<Announcement> review(long now, boolean settledHere, boolean peerActive) {
        if (phase == Phase.WAITING) {
            if (takeLocalAt.isPresent() && now - takeLocalAt.get() >= 0) {
                return takeLocal("no stable answer within " + Duration.ofNanos(requestDelayNanos).toSeconds() + " s");
            }
            if (!heardResources && peerActive && (askedAt.isEmpty() || now - askedAt.get() >= requestDelayNanos)) {
                return ask(now);
            }
            return List.of();
        }
        if (phase != Phase.SETTLED) {
            return List.of();
        }
        boolean asking = handover.asking();
        List<Announcement> said = apply(handover.review(settledHere, now));
        if (asking && handover.idle() && failbackAsked) {
            // heartbeat would wait for the answer for good; the failback is asked again instead.
            failbackDue = true;
        }
        if (!said.isEmpty()) {
            return said;
        }
        if (failbackDue && granted.foreign() && handover.idle() && peerStable && settledHere) {
            failbackDue = false;
            LOG.info("auto_failback: the heartbeat 3 peer is stable: this node hands its groups back");
            List<Announcement> asked = startHandover(handover.ask(ResourceClasses.FOREIGN.word(), true, now));
            failbackAsked = true;
            return asked;
        }
        if (stableAnswerOwed && settledHere) {
            return List.of(held(true));
        }
        return List.of();
    }

    /** A handover this node asked for: heartbeat counts the peer unstable from its own request on. */
    private List<Announcement> startHandover(StandbyHandover.Step step) {
        if (!handover.idle()) {
            peerStable = false;
        }
        failbackAsked = false;
        return apply(step);
    }

    /** What a step of the handover changes in what this node may hold, and what it says of it. */
    private List<Announcement> apply(StandbyHandover.Step step) {
        List<Announcement> said = new ArrayList<>(step.said());
        if (!step.released().isEmpty()) {
            granted = granted.without(step.released());
            said.add(new Releasing(granted));
        }
        if (!step.acquired().isEmpty()) {
            granted = granted.with(step.acquired());
            peerHolds = peerHolds.without(step.acquired());
            stableAnswerOwed = false;
        }
        if (step.finished()) {
            said.add(held(true));
        }
        return said;
    }

    private List<Announcement> ask(long now) {
        askedAt = Optional.of(now);
        return List.of(new Starting());
    }

    private List<Announcement> takeLocal(String why) {
        phase = Phase.SETTLED;
        takeLocalAt = Optional.empty();
        granted = peerHolds.local() ? ResourceClasses.NONE : ResourceClasses.LOCAL;
        LOG.info("heartbeat 3 peer holds {} groups ({}): this node takes {}", peerHolds.word(), why,
                granted.isEmpty() ? "none of its own" : "its local groups");
        return List.of(held(granted.isEmpty()));
    }

    private Held held(boolean stable) {
        stableAnswerOwed = !stable;
        return new Held(granted, stable);
    }
}
