package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;
import org.jheartbeat.agent.ownership.SplitHold;
import org.jheartbeat.agent.ownership.Topology;

/**
 * The coordinator's side of agreeing who runs what. After each membership change it opens a round, collects
 * every member's state in it, and once all have answered decides with {@link Placement}; instructions go out
 * when they change, and again every two keepalives while they are not yet carried out. A node alone since
 * start-up gives its peers initdead to appear before it decides anything.
 */
final class CoordinatorRound {

    /** A decision, with the instructions to send for it now (none when they went out a moment ago). */
    record Decided(Placement.Decision decision, Optional<ClusterMessage.Instructions> instructions) {
    }

    private final String self;
    private Topology topology;
    private final Timing timing;
    /** Numbers rounds only: a step of it back loses the floor an earlier run set, and rounds still count up by one. */
    private final Clock clock;
    /** Measures the initdead wait and the resend pause. */
    private final Ticker ticker;
    private final Map<String, NodeState> reports = new HashMap<>();
    private long epoch;
    private long highestEpochSeen;
    private long aloneUntil;
    /** Whether a peer has been a member since start-up: a node that has seen one needs no initdead wait. */
    private boolean seenPeer;
    private Placement.Decision lastDecision;
    private List<Placement.Action> lastSent = List.of();
    private long lastSentAt;

    CoordinatorRound(String self, Topology topology, Timing timing, Clock clock, Ticker ticker) {
        this.self = self;
        this.topology = topology;
        this.timing = timing;
        this.clock = clock;
        this.ticker = ticker;
        waitForPeersFromNow();
    }

    long epoch() {
        return epoch;
    }

    /** A reload changed the groups or auto_failback. */
    void reconfigure(Topology newTopology) {
        topology = newTopology;
    }

    /** Another coordinator's round was seen: this node's next round is numbered above it. */
    void saw(long otherEpoch) {
        highestEpochSeen = Math.max(highestEpochSeen, otherEpoch);
    }

    /** At start, and when the peers have declared this node dead: they get initdead to let it back in. */
    void waitForPeersFromNow() {
        aloneUntil = ticker.read() + timing.initdead().toNanos();
        seenPeer = false;
    }

    void membersChanged(Set<String> members) {
        seenPeer |= members.size() > 1;
        reports.keySet().retainAll(members);
    }

    /** Opens a round; numbered from the clock, so a coordinator that restarted still numbers above its last run. */
    long begin(NodeState mine) {
        epoch = Math.max(Math.max(epoch, highestEpochSeen) + 1, clock.millis());
        highestEpochSeen = epoch;
        reports.clear();
        reports.put(self, mine);
        return epoch;
    }

    /** A member's state: counted when it answers this round. */
    boolean accept(String from, long reportEpoch, NodeState state) {
        if (reportEpoch != epoch) {
            return false;
        }
        reports.put(from, state);
        return true;
    }

    void own(NodeState mine) {
        reports.put(self, mine);
    }

    /** Whether every member has answered this round. */
    boolean complete(Set<String> members) {
        return reports.keySet().containsAll(members);
    }

    /**
     * The placement of every member's state once all have answered; empty while waiting for answers or peers.
     *
     * @param heartbeatNodes ha.cf's nodes heard running heartbeat 3: while there are any, only the groups heartbeat's
     *                       rules leave to the members have an owner here
     * @param leftByHeartbeat those groups ({@link org.jheartbeat.agent.heartbeatpeer.NiceFailback})
     * @param held           groups a node away for a restart in place still runs: no member acquires them
     * @param leftAlone      groups nobody acquires or releases now (some member's configuration does not name them):
     *                       they stay wherever they run, and no instruction names them
     * @param unmerged       ha.cf's nodes heard but not members ({@link SplitPeers}): while there are any, no group is
     *                       started or moved ({@link SplitHold})
     */
    Optional<Decided> decide(Set<String> members, NodeState mine, Set<String> heartbeatNodes,
                             Set<String> leftByHeartbeat, Set<String> held,
                             Set<String> leftAlone, Set<String> unmerged) {
        if (!complete(members)) {
            return Optional.empty();
        }
        if (members.size() == 1 && !seenPeer && topology.nodes().size() > 1
                && ticker.read() - aloneUntil < 0) {
            return Optional.empty();
        }
        Map<String, NodeState> states = new HashMap<>(reports);
        states.put(self, mine);
        Topology placed = topology.without(leftAlone);
        if (!heartbeatNodes.isEmpty()) {
            lastDecision = Placement.decideAmong(placed, states, leftByHeartbeat);
        } else if (!unmerged.isEmpty()) {
            lastDecision = SplitHold.hold(Placement.decide(placed, states), states);
        } else {
            lastDecision = withoutAcquiring(Placement.decide(placed, states), held);
        }
        List<Placement.Action> actions = lastDecision.actions();
        if (actions.isEmpty()) {
            lastSent = List.of();
            return Optional.of(new Decided(lastDecision, Optional.empty()));
        }
        long now = ticker.read();
        if (actions.equals(lastSent) && now - lastSentAt < timing.keepalive().toNanos() * 2) {
            return Optional.of(new Decided(lastDecision, Optional.empty()));
        }
        lastSent = actions;
        lastSentAt = now;
        return Optional.of(new Decided(lastDecision, Optional.of(new ClusterMessage.Instructions(epoch, actions))));
    }

    private static Placement.Decision withoutAcquiring(Placement.Decision decision, Set<String> held) {
        if (held.isEmpty()) {
            return decision;
        }
        return new Placement.Decision(decision.owners(), decision.actions().stream().filter(action ->
                action.kind() != Placement.ActionKind.ACQUIRE || !held.contains(action.group())).toList());
    }

    Optional<Placement.Decision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }
}
