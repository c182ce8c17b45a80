package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.agent.group.GroupListener;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.membership.ClusterTransport;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.SenderPosition;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in agreeing who runs what. One member, the coordinator (the first of ha.cf's nodes that is
 * a member), runs a {@link CoordinatorRound} after each membership change; each member answers it and
 * carries out only its own actions ({@link LocalHoldings}), and only those of the round it answered
 * ({@link MemberRound}). A member starts a group only when told to, and the coordinator tells it only once no
 * member holds the group, so a group never runs on two connected nodes.
 *
 * <p>Everything happens on the {@link ClusterScheduler}'s loop, in arrival order; a change of this node's
 * own state queues the coordinator's next decision behind it instead of deciding within it. A node frozen
 * for longer than deadtime ({@link FreezeWatchdog}) has been declared dead by its peers: before anything else
 * it stops every group it holds, then rejoins as a node that holds nothing.
 *
 * <p>A node heard on some link but not a member is alive, as heartbeat judges it: while there is one, the views are
 * split, and nothing is started or moved ({@link SplitPeers}, {@link org.jheartbeat.agent.ownership.SplitHold}).
 */
public final class ClusterNode implements Membership.Listener, GroupListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final String self;
    /** Replaced by a reload that changed the groups or auto_failback; read and written on the loop only. */
    private Topology topology;
    private final Timing timing;
    private final ClusterScheduler scheduler;
    private final FreezeWatchdog watchdog;
    private final CoordinatorRound round;
    private final MemberRound memberRound = new MemberRound();
    private final PartitionContest contest;
    private final HolderHistory history = new HolderHistory();
    private final SplitPeers split;
    private final AwayHolds away;
    private final BlockedGroups blocked = new BlockedGroups();
    private RestartAnnouncement ownRestart;
    private final LocalHoldings mine;
    private final OperatorRequests requests;
    private final StateReports reports;
    private final MemberConfigurations configurations;
    private ClusterTransport transport;
    /** Set with the transport at {@link #start}. */
    private HeartbeatNodes heartbeatNodes;

    private Set<String> members;
    private String coordinator;
    private boolean joined;
    /** The latest state every member reported, whoever asked: what status shows of the other nodes. */
    private final Map<String, NodeState> known = new HashMap<>();
    private final LatestSnapshots snapshots = new LatestSnapshots();
    private boolean decisionQueued;
    /** Fed at every keepalive from the loop (systemd's watchdog, ha.cf's watchdog device): a hung loop starves them. */
    private final List<Runnable> keepaliveFeeds = new CopyOnWriteArrayList<>();
    /** Set when the cluster refused this process (its node name in use elsewhere, an old generation): it runs nothing. */
    private boolean refused;
    /** Set once the agent shuts down: from then on this node starts nothing, whoever decides it. */
    private boolean leaving;

    /**
     * @param failureExpiry how long after a failure here this node stays marked for the group
     *                      ({@link FailureMarks}); it retries a group no other member can run after deadtime
     * @param clock         the wall clock: only to number the coordinator's rounds above an earlier run's
     * @param ticker        the monotonic clock, which every wait and pause is measured on: a step of the wall clock
     *                      changes none of them
     */
    public ClusterNode(String self, Topology topology, Timing timing, Duration failureExpiry, Clock clock,
                       Ticker ticker, ClusterScheduler scheduler) {
        this.self = self;
        this.topology = topology;
        this.timing = timing;
        this.scheduler = scheduler;
        this.watchdog = new FreezeWatchdog(ticker, timing.deadtime());
        this.round = new CoordinatorRound(self, topology, timing, clock, ticker);
        this.contest = new PartitionContest(self);
        this.split = new SplitPeers(self, ticker, timing.deadtime());
        this.away = new AwayHolds(ticker);
        this.mine = new LocalHoldings(self, history, new FailureMarks(self, timing.deadtime(), failureExpiry), ticker,
                this::post, this::report);
        this.requests = new OperatorRequests(self, mine);
        this.reports = new StateReports(round, memberRound, mine::state, this::broadcast);
        this.configurations = new MemberConfigurations(self, topology);
        this.members = Set.of(self);
        this.coordinator = self;
    }

    /**
     * What this node found before joining: groups whose resources were already running (an agent restarted
     * under them), which the coordinator must count as held here, and groups a startup check refused.
     * Call before {@link #start}.
     */
    public void declareAtStart(Set<String> running, Set<String> refused) {
        post(() -> {
            mine.declare(running, refused);
            contest.foundAtStart(running);
        });
    }

    /**
     * Starts deciding. The group managers must report to this node as their {@link GroupListener}.
     *
     * @param decidingThreads what the loop's thread and the keepalive tick's thread do first: the tick judges whether
     *                        this node was frozen, so it must keep the pace of the heartbeat threads, or a busy CPU
     *                        looks like a freeze; the loop decides a takeover the moment the view drops a node, and
     *                        on a busy CPU would otherwise wait behind every other process for its turn
     */
    public void start(GroupControl groupControl, ClusterTransport clusterTransport, HeartbeatThreads decidingThreads) {
        scheduler.execute(decidingThreads::prepareCurrentThread);
        // Start-up (startup checks, first status probes) may take longer than deadtime: that is no freeze,
        // and initdead counts from here.
        watchdog.restart();
        post(round::waitForPeersFromNow);
        mine.attach(groupControl);
        this.transport = clusterTransport;
        this.heartbeatNodes = new HeartbeatNodes(clusterTransport);
        scheduler.tickEvery(timing.keepalive(), decidingThreads, this::tick);
    }

    // ---- events from the membership, the group managers and the operator, each moved onto the loop ----

    @Override
    public void membersChanged(Set<String> newMembers) {
        post(() -> onMembersChanged(newMembers));
    }

    @Override
    public void delivered(String from, SenderPosition position, byte[] payload) {
        if (from.equals(self)) {
            return;
        }
        ClusterMessage message;
        try {
            message = ClusterMessage.decode(payload);
        } catch (ClusterMessage.MalformedMessageException e) {
            LOG.warn("message from {} dropped: {}", from, e.getMessage());
            return;
        }
        post(() -> {
            if (snapshots.take(from, position, message)) {
                onMessage(from, message);
            } else {
                LOG.info("{} from {} dropped: it came late, after a later one ({})",
                        message.getClass().getSimpleName(), from, position);
            }
        });
    }

    @Override
    public void refused(String reason) {
        post(() -> {
            refused = true;
            LOG.error("node {} refused by its cluster: stopping every group and deciding nothing from now on", self);
            mine.releaseAll("this process is refused by its cluster");
            memberRound.forget();
        });
    }

    @Override
    public void groupReleased(String group, String reason) {
        post(() -> {
            LOG.warn("group {} failed on this node and is released for another node: {}", group, reason);
            mine.failed(group);
        });
    }

    /**
     * A group whose stop failed here and stays (BLOCKED, FENCING), or no longer: the members learn it, for status; a
     * blocked group is held here stopping until it is cleaned up.
     */
    @Override
    public void stateChanged(GroupSnapshot snapshot) {
        post(() -> {
            if (snapshot.state().failedToStop()) {
                mine.blocked(snapshot.name());
            }
            if (blocked.changedHere(snapshot) && joined) {
                broadcast(new ClusterMessage.Blocked(blocked.here()));
            }
        });
    }

    /**
     * Tells every member that this node's agent restarts in place, leaving its groups running: nobody starts them
     * while it is away, until it has been gone for {@code backWithin} plus {@code releasedWithin} ({@link AwayHolds}).
     * Completes once every other member has noted it; until then the node must not leave with its groups running.
     */
    public CompletableFuture<Void> restartingInPlace(Duration backWithin, Duration releasedWithin) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            Set<String> held = mine.state().holdings().keySet();
            LOG.info("node {} restarting in place: leaving {} running, back within {} ms", self, held,
                    backWithin.toMillis());
            Set<String> peers = new HashSet<>(members);
            peers.remove(self);
            ownRestart = new RestartAnnouncement(peers);
            ownRestart.noted().thenRun(() -> done.complete(null));
            broadcast(new ClusterMessage.Restarting(held, backWithin.toMillis(), releasedWithin.toMillis()));
        });
        return done;
    }

    /** Calls {@code feed} at every keepalive on the loop that decides, once {@link #start} has been called. */
    public void feedEveryKeepalive(Runnable feed) {
        keepaliveFeeds.add(feed);
    }

    public void observe(Acquisition.Listener observer) {
        mine.observe(observer);
    }

    /** An {@code hb_standby} ({@code STANDBY}) or {@code hb_takeover} ({@code TAKEOVER}) issued on this node. */
    public CompletableFuture<Void> request(Request.Kind kind, Scope scope) {
        return posted(() -> requests.apply(kind, scope, "on this node", members, topology));
    }

    /**
     * The same request issued for another member ({@code hbctl standby NODE}): that node makes it its own, as if
     * its operator had typed it, so the request lives and ends with that node. Fails when {@code node} is not a
     * member.
     */
    public CompletableFuture<Void> requestFor(String node, Request.Kind kind, Scope scope) {
        if (node.equals(self)) {
            return request(kind, scope);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            if (!members.contains(node)) {
                done.completeExceptionally(new IllegalArgumentException("node " + node + " is not a member of the "
                        + "cluster (members: " + String.join(", ", new TreeSet<>(members)) + ")"));
                return;
            }
            broadcast(new ClusterMessage.Delegated(node, kind, scope));
            done.complete(null);
        });
        return done;
    }

    /** How many of ha.cf's ping targets this node reaches now; the nodes that reach the most are preferred. */
    public void pingReachable(int count) {
        post(() -> mine.pingReachable(count));
    }

    /** Forgets that groups failed here, so this node may run them again ({@code hbctl resource cleanup}). */
    public CompletableFuture<Void> clearFailures(Set<String> groupIds) {
        return posted(() -> mine.clearFailures(groupIds));
    }

    /** The cluster as this node sees it, for status. */
    public CompletableFuture<ClusterView> view() {
        CompletableFuture<ClusterView> view = new CompletableFuture<>();
        post(() -> {
            Map<String, NodeState> states = new HashMap<>(known);
            states.put(self, mine.state());
            view.complete(new ClusterView(self, Set.copyOf(members), coordinator, Map.copyOf(states),
                    round.lastDecision(), configurations.digests(members), away.away(members),
                    transport == null ? Set.of() : unmerged(), blocked.byNode(self)));
        });
        return view;
    }

    /**
     * This node's configuration as the members learn it: the digest of its files, and its groups. Call before
     * {@link #start}, and again through {@link #reconfigure}.
     */
    public void runs(String digest) {
        post(() -> configurations.own(digest, topology));
    }

    /**
     * A reload changed the groups or auto_failback: this node decides and carries out from {@code newTopology} from
     * now on, and tells the members what it runs now ({@code digest}). A group held here that {@code newTopology}
     * lacks stays held until the agent has stopped it and says so with {@link #forget}.
     */
    public CompletableFuture<Void> reconfigure(Topology newTopology, String digest) {
        return posted(() -> {
            topology = newTopology;
            round.reconfigure(newTopology);
            configurations.own(digest, newTopology);
            if (joined) {
                broadcast(configurations.own());
            }
            report();
        });
    }

    /** A group no longer configured here has been stopped by the agent: this node holds it no more. */
    public CompletableFuture<Void> forget(String group) {
        return posted(() -> mine.forget(group));
    }

    /**
     * The agent shuts down: from now on this node starts no group, whoever decides it (itself too: peers stopped at the
     * same instant may leave first and make it their successor while it stops its own groups), and still stops what
     * it is told. Completes once the loop has taken it, so that every start this node began was asked before the
     * agent stops every group, and that stop comes after it on the group's thread.
     */
    public CompletableFuture<Void> leaving() {
        return posted(() -> leaving = true);
    }

    /** Says goodbye first, so the peers take what this node handed over without waiting for its silence. */
    @Override
    public void close() {
        if (transport != null && joined) {
            broadcast(new ClusterMessage.Leaving());
        }
        scheduler.close();
    }

    // ---- the loop ----

    private void post(Runnable event) {
        scheduler.execute(() -> {
            try {
                stopEverythingIfFrozen();
                event.run();
            } catch (RuntimeException e) {
                LOG.error("cluster event failed", e);
            }
        });
    }

    /** Posts {@code event}; the future completes once it has run. */
    private CompletableFuture<Void> posted(Runnable event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        post(() -> {
            event.run();
            done.complete(null);
        });
        return done;
    }

    private void tick() {
        watchdog.tick();
        post(() -> {
            keepaliveFeeds.forEach(Runnable::run);
            reports.repeatAfterArrival(isCoordinator());
            mine.review(heldElsewhere());
            heartbeatNodes.tell(mine.state().holdings());
            heartbeatNodes.review();
            unmerged(); // a member decides nothing, but its log says when a split lasts
            if (isCoordinator() && !round.complete(members)) {
                broadcast(new ClusterMessage.StateRequest(round.epoch()));
            } else {
                decide();
            }
        });
    }

    private void onMembersChanged(Set<String> newMembers) {
        if (!joined) {
            HeartbeatLog.active();
        }
        joined = true;
        round.membersChanged(newMembers);
        Set<String> gone = new HashSet<>(members);
        gone.removeAll(newMembers);
        Set<String> arrived = new HashSet<>(newMembers);
        arrived.removeAll(members);
        gone.forEach(node -> {
            if (away.restartingInPlace(node)) {
                // heartbeat's death lines would tell a log watcher that its groups are being acquired: none is
                LOG.info("node {} left the view to restart in place: nothing is taken over", node);
            } else {
                LOG.warn("node {} dead", node);
                HeartbeatLog.nodeDead(node, known.containsKey(node) && !known.get(node).holdings().isEmpty());
            }
        });
        history.gone(gone);
        if (!gone.isEmpty() || !arrived.isEmpty()) {
            history.viewChanged();
        }
        if (arrived.stream().anyMatch(node -> !node.equals(self))) {
            reports.memberArrived();
        }
        arrived.stream().filter(node -> !node.equals(self)).forEach(node -> {
            LOG.info("node {} alive", node);
            HeartbeatLog.nodeActive(node);
            away.returned(node);
        });
        members = Set.copyOf(newMembers);
        if (ownRestart != null) {
            ownRestart.membersAre(members);
        }
        known.keySet().retainAll(members);
        blocked.retain(members);
        if (!blocked.here().isEmpty() && arrived.stream().anyMatch(node -> !node.equals(self))) {
            broadcast(new ClusterMessage.Blocked(blocked.here()));
        }
        contest.membersChanged(gone, arrived, mine.state().holdings().keySet());
        announceUncontested();
        memberRound.forgetUnlessMember(members);
        String previous = coordinator;
        coordinator = topology.nodes().stream().filter(members::contains).findFirst()
                .orElseGet(() -> members.stream().sorted().findFirst().orElse(self));
        if (!coordinator.equals(previous)) {
            LOG.info("node {} is the coordinator", coordinator);
        }
        configurations.retain(members);
        if (isCoordinator()) {
            long epoch = round.begin(mine.state());
            broadcast(configurations.own());
            broadcast(new ClusterMessage.StateRequest(epoch));
            broadcast(new ClusterMessage.StateReport(epoch, mine.state()));
            decide();
        }
    }

    private void onMessage(String from, ClusterMessage message) {
        if (message instanceof ClusterMessage.StateRequest request) {
            round.saw(request.epoch());
            if (memberRound.join(from, coordinator, request.epoch())) {
                // Before the report: the coordinator decides once it has every report, knowing the groups we know.
                broadcast(configurations.own());
                broadcast(new ClusterMessage.StateReport(request.epoch(), mine.state()));
            }
        } else if (message instanceof ClusterMessage.StateReport report) {
            round.saw(report.epoch());
            requests.heard(report.state());
            if (report.state().node().equals(from) && members.contains(from)) {
                NodeState before = known.put(from, report.state());
                requests.reported(from, before, report.state(), members, topology);
                history.reported(from, report.state().holdings());
                announceUncontested();
                if (isCoordinator() && round.accept(from, report.epoch(), report.state())) {
                    decide();
                }
            }
        } else if (message instanceof ClusterMessage.Delegated delegated) {
            if (delegated.node().equals(self) && members.contains(from)) {
                requests.apply(delegated.kind(), delegated.scope(), "from node " + from, members, topology);
            }
        } else if (message instanceof ClusterMessage.Restarting restarting) {
            if (members.contains(from)) {
                away.restarting(from, restarting);
                broadcast(new ClusterMessage.RestartNoted(from));
            }
        } else if (message instanceof ClusterMessage.RestartNoted noted) {
            if (noted.node().equals(self) && ownRestart != null) {
                ownRestart.noted(from);
            }
        } else if (message instanceof ClusterMessage.Leaving) {
            transport.departed(from);
            contest.saidGoodbye(from);
        } else if (message instanceof ClusterMessage.GuardReleasing releasing) {
            away.releasing(from, releasing, topology.groups().stream().map(group -> group.id())
                    .collect(Collectors.toSet()));
        } else if (message instanceof ClusterMessage.GuardReleased released) {
            if (away.released(from, released)) {
                decide();
            }
        } else if (message instanceof ClusterMessage.Blocked stuck) {
            if (members.contains(from)) {
                blocked.heard(from, stuck.groups());
            }
        } else if (message instanceof ClusterMessage.Configuration configuration) {
            if (members.contains(from)) {
                configurations.heard(from, configuration);
            }
        } else if (message instanceof ClusterMessage.Instructions instructions) {
            if (!refused && memberRound.accepts(from, coordinator, instructions.epoch())) {
                // A coordinator whose files differ may name a group this node no longer, or not yet, runs.
                instructions.actions().stream().filter(action -> action.node().equals(self) && configured(action))
                        .forEach(this::carryOut);
            }
        }
    }

    private void decide() {
        if (!isCoordinator()) {
            return;
        }
        Set<String> leftAlone = configurations.notEverywhere(topology, members);
        round.decide(members, mine.state(), heartbeatNodes.heard(), heartbeatNodes.groupsLeftToThisNode(),
                        away.held(members), leftAlone,
                        unmerged())
                .ifPresent(decided -> {
                    decided.instructions().ifPresent(this::broadcast);
                    decided.decision().actionsFor(self).forEach(this::carryOut);
                });
    }

    /**
     * One of the coordinator's actions for this node. A start waits while a node outside the view is heard, whatever
     * the coordinator concluded: it may hold the group ({@link SplitPeers}).
     */
    private void carryOut(Placement.Action action) {
        if (action.kind() == Placement.ActionKind.ACQUIRE && leaving) {
            LOG.info("group {} not started: this node is shutting down", action.group());
            return;
        }
        if (action.kind() == Placement.ActionKind.ACQUIRE && !unmerged().isEmpty()) {
            LOG.debug("group {} not started: nodes {} are heard outside the view", action.group(), unmerged());
            return;
        }
        mine.carryOut(action);
    }

    /**
     * ha.cf's nodes heard within deadtime but not members: the other side of a split. A node that really fell silent is
     * dead after deadtime by the same packets ({@link org.jheartbeat.agent.membership.DeadtimeDetector}), so it is no
     * longer heard by the time its removal from the view arrives, and failover keeps its pace.
     */
    private Set<String> unmerged() {
        return split.unmerged(transport.heardWithin(timing.deadtime()), members);
    }

    private boolean configured(Placement.Action action) {
        return topology.groups().stream().anyMatch(group -> group.id().equals(action.group()));
    }

    /** The groups another member holds, as the members last reported. */
    private Set<String> heldElsewhere() {
        Set<String> held = new HashSet<>();
        known.values().forEach(state -> held.addAll(state.holdings().keySet()));
        return held;
    }

    private void announceUncontested() {
        contest.review(mine.state().holdings(), members, known)
                .forEach(announcement -> mine.announce(announcement.group(), announcement.reason().text()));
    }

    /**
     * Our state changed: every member learns it for status; when we coordinate, the next decision is queued
     * behind the event that changed it.
     */
    private void report() {
        heartbeatNodes.tell(mine.state().holdings());
        if (isCoordinator()) {
            round.own(mine.state());
            reports.send(true);
            if (!decisionQueued) {
                decisionQueued = true;
                post(() -> {
                    decisionQueued = false;
                    decide();
                });
            }
        } else {
            reports.send(false);
        }
    }

    private void stopEverythingIfFrozen() {
        if (transport == null || !watchdog.thawed()) {
            return;
        }
        LOG.error("node {} was frozen for longer than deadtime {} ms: its peers have declared it dead; stopping "
                + "every group before doing anything else", self, timing.deadtime().toMillis());
        mine.releaseAll("frozen past deadtime");
        memberRound.forget();
        // Our peers hold this node dead: wait initdead again before acting alone, and ask to be let back in.
        round.waitForPeersFromNow();
        transport.rejoin();
    }

    /** Until a link has joined, this node knows nothing of its peers and decides nothing, even alone; refused, never. */
    private boolean isCoordinator() {
        return joined && !refused && coordinator.equals(self);
    }

    private void broadcast(ClusterMessage message) {
        transport.broadcast(ClusterMessage.encode(message));
    }
}
