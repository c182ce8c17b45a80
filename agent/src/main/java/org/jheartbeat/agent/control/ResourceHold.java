package org.jheartbeat.agent.control;

import java.util.stream.Collectors;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;

/**
 * heartbeat's {@code cl_status rscstatus}: which of its resources a node holds, as {@code local},
 * {@code foreign}, {@code all}, {@code none} or {@code transition}, derived from the cluster's state.
 *
 * <p>heartbeat answers from its own bookkeeping of standby/takeover messages; jheartbeat answers from what
 * the node holds and the requests in force, which gives heartbeat's answers for a normal start, a standby,
 * a takeover and a peer's death (the recorded cases in the tests). A node owns the "local" share when it
 * holds every group preferred here (with none preferred here: unless it gave them up or a peer took them over),
 * and the "foreign" share when it holds a group preferred elsewhere, took it over, or a peer is dead. With
 * {@code auto_failback legacy} (ha.cf's default) heartbeat keeps no such account: it says none unless in
 * transition, whatever the node holds (recorded).
 */
public final class ResourceHold {

    private ResourceHold() {
    }

    /**
     * @param preferredNodes every group's preferred node, by group id
     * @param nodes          ha.cf's nodes
     */
    public static String of(String self, Set<String> members, Map<String, NodeState> states,
                            Map<String, String> preferredNodes, Iterable<String> nodes, AutoFailback autoFailback) {
        NodeState mine = states.getOrDefault(self, NodeState.idle(self));
        if (mine.holdings().values().stream().anyMatch(holding -> holding != Holding.RUNNING)) {
            return "transition";
        }
        if (autoFailback == AutoFailback.LEGACY) {
            return "none";
        }
        Set<String> localGroups = preferredNodes.entrySet().stream().filter(entry -> entry.getValue().equals(self))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        boolean local = localGroups.isEmpty()
                ? !gaveUpLocal(mine) && !peerTookLocal(self, states)
                : mine.holdings().keySet().containsAll(localGroups);
        boolean peerDead = false;
        for (String node : nodes) {
            peerDead |= !members.contains(node);
        }
        boolean foreign = mine.holdings().keySet().stream().anyMatch(group -> !localGroups.contains(group))
                || requested(mine, Request.Kind.TAKEOVER, Scope.ALL, Scope.FOREIGN, Scope.FAILBACK)
                || peerDead;
        if (local && foreign) {
            return "all";
        }
        return local ? "local" : foreign ? "foreign" : "none";
    }

    private static boolean gaveUpLocal(NodeState mine) {
        return requested(mine, Request.Kind.STANDBY, Scope.ALL, Scope.LOCAL);
    }

    /** A peer's takeover of everything, or of what is foreign to it, covers the groups preferred here. */
    private static boolean peerTookLocal(String self, Map<String, NodeState> states) {
        return states.values().stream().filter(state -> !state.node().equals(self))
                .anyMatch(state -> requested(state, Request.Kind.TAKEOVER, Scope.ALL, Scope.FOREIGN, Scope.FAILBACK));
    }

    private static boolean requested(NodeState state, Request.Kind kind, Scope... scopes) {
        return state.request().filter(request -> request.kind() == kind
                && Set.of(scopes).contains(request.scope())).isPresent();
    }
}
