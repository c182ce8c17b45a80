package org.jheartbeat.agent.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Placement;

/**
 * The cluster as one node sees it.
 *
 * @param states   the latest state of every member, this node's own included
 * @param decision the coordinator's latest placement, present on the coordinator only
 * @param digests  the configuration digest of every member that has said which it runs, this node's included
 * @param restarting the nodes away restarting in place whose groups are still held for them
 * @param split    ha.cf's nodes heard but not members: the other side of a split ({@link SplitPeers})
 * @param blocked  per node, its groups whose stop failed there and that stay there (BLOCKED or FENCING), as known
 */
public record ClusterView(String self, Set<String> members, String coordinator, Map<String, NodeState> states,
                          Optional<Placement.Decision> decision, Map<String, String> digests,
                          Map<String, AwayRestarting> restarting, Set<String> split,
                          Map<String, Set<String>> blocked) {
    public ClusterView {
        digests = Map.copyOf(digests);
        restarting = Map.copyOf(restarting);
        split = Set.copyOf(split);
        blocked = Map.copyOf(blocked);
    }

    /** A view in which no group is known to be blocked. */
    public ClusterView(String self, Set<String> members, String coordinator, Map<String, NodeState> states,
                       Optional<Placement.Decision> decision, Map<String, String> digests,
                       Map<String, AwayRestarting> restarting, Set<String> split) {
        this(self, members, coordinator, states, decision, digests, restarting, split, Map.of());
    }

    /** A view that no node is split from. */
    public ClusterView(String self, Set<String> members, String coordinator, Map<String, NodeState> states,
                       Optional<Placement.Decision> decision, Map<String, String> digests,
                       Map<String, AwayRestarting> restarting) {
        this(self, members, coordinator, states, decision, digests, restarting, Set.of());
    }

    /** A view in which no node is away restarting. */
    public ClusterView(String self, Set<String> members, String coordinator, Map<String, NodeState> states,
                       Optional<Placement.Decision> decision, Map<String, String> digests) {
        this(self, members, coordinator, states, decision, digests, Map.of());
    }

    /** A view in which no member has said which configuration it runs. */
    public ClusterView(String self, Set<String> members, String coordinator, Map<String, NodeState> states,
                       Optional<Placement.Decision> decision) {
        this(self, members, coordinator, states, decision, Map.of());
    }
}
