package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' standby and takeover requests ({@code hb_standby}, {@code hb_takeover}), this node's and the
 * members': this node's own are numbered above every request seen, so the latest wins; each new one is logged in
 * heartbeat's words on every node, and lets this node try again the groups it covers ({@link FailureMarks}). Used
 * on the cluster loop only.
 */
final class OperatorRequests {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRequests.class);

    private final String self;
    private final LocalHoldings mine;
    private long lamport;
    /** The latest request seen of each other node, by its sequence. */
    private final Map<String, Long> seen = new HashMap<>();

    OperatorRequests(String self, LocalHoldings mine) {
        this.self = self;
        this.mine = mine;
    }

    /** A request this node makes its own: issued here, or for it on {@code origin}. */
    void apply(Request.Kind kind, Scope scope, String origin, Set<String> members, Topology topology) {
        lamport++;
        LOG.info("node {} {} {} requested {}", self, kind.name().toLowerCase(), scope.word(), origin);
        Request request = new Request(kind, scope, lamport);
        logWish(self, request, members);
        mine.operatorAsked(self, request, coveredBy(self, request, topology));
        mine.request(request);
    }

    /** A state report was heard, from whichever node: this node's next request is numbered above its request. */
    void heard(NodeState reported) {
        lamport = Math.max(lamport, reported.request().map(Request::sequence).orElse(0L));
    }

    /**
     * A member reported its state, {@code before} being what it reported last (null at first): a request that differs
     * is logged, one newer than any seen of it lets this node try again what it covers.
     */
    void reported(String from, NodeState before, NodeState reported, Set<String> members, Topology topology) {
        reported.request().filter(request -> before == null || !before.request().equals(Optional.of(request)))
                .ifPresent(request -> logWish(from, request, members));
        reported.request().filter(request -> seen.getOrDefault(from, 0L) < request.sequence())
                .ifPresent(request -> {
                    seen.put(from, request.sequence());
                    mine.operatorAsked(from, request, coveredBy(from, request, topology));
                });
    }

    /**
     * heartbeat's words for a node's request, which every node logs: a standby is the node's own wish; a takeover
     * is its peers' wish to stand by for what is foreign to them.
     */
    private static void logWish(String node, Request request, Set<String> members) {
        if (request.kind() == Request.Kind.STANDBY) {
            HeartbeatLog.wantsStandby(node, request.scope().word());
            return;
        }
        Scope theirs = switch (request.scope()) {
            case LOCAL, FAILBACK -> Scope.FOREIGN;
            case FOREIGN -> Scope.LOCAL;
            case ALL -> Scope.ALL;
        };
        members.stream().filter(peer -> !peer.equals(node)).sorted()
                .forEach(peer -> HeartbeatLog.wantsStandby(peer, theirs.word()));
    }

    /** The groups a standby or takeover of {@code node} sends somewhere. */
    private static Set<String> coveredBy(String node, Request request, Topology topology) {
        Set<String> covered = new HashSet<>();
        topology.groups().stream().filter(group -> request.covers(node, group.preferredNode()))
                .forEach(group -> covered.add(group.id()));
        return covered;
    }
}
