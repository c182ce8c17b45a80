package org.jheartbeat.agent.ownership;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a node tells the cluster about itself; the coordinator places groups from the states of all members.
 *
 * @param holdings       the groups this node has not fully stopped, and how far along they are
 * @param failedGroups   groups that failed to start (or kept failing) here, or that a startup check refused: while
 *                       another member can run such a group this node is no candidate for it, but a failure never
 *                       makes the last candidates ineligible
 * @param excludedGroups groups this node must not run at all for now: refused by a startup check, or failed here within
 *                       the pause before it tries again (deadtime, doubling with each failure in a row); each is among
 *                       the failed groups too
 * @param pingReachable  how many of ha.cf's ping targets this node reaches; with ipfail configured the nodes
 *                       reaching the most are preferred, as ipfail arranged; otherwise only reported
 * @param request        the node's last standby or takeover request
 */
public record NodeState(String node, Map<String, Holding> holdings, Set<String> failedGroups,
                        Set<String> excludedGroups, int pingReachable, Optional<Request> request) {

    public NodeState {
        holdings = Map.copyOf(holdings);
        failedGroups = Set.copyOf(failedGroups);
        excludedGroups = Set.copyOf(excludedGroups);
    }

    public static NodeState idle(String node) {
        return new NodeState(node, Map.of(), Set.of(), Set.of(), 0, Optional.empty());
    }

    public boolean holds(String group) {
        return holdings.containsKey(group);
    }

    public NodeState withHolding(String group, Holding holding) {
        Map<String, Holding> changed = new HashMap<>(holdings);
        changed.put(group, holding);
        return new NodeState(node, changed, failedGroups, excludedGroups, pingReachable, request);
    }

    public NodeState without(String group) {
        Map<String, Holding> changed = new HashMap<>(holdings);
        changed.remove(group);
        return new NodeState(node, changed, failedGroups, excludedGroups, pingReachable, request);
    }

    /** Failure marks that let this node run the groups where no other member can. */
    public NodeState withFailed(Set<String> failed) {
        return withFailures(failed, Set.of());
    }

    /** @param excluded those of {@code failed} this node must not run at all for now */
    public NodeState withFailures(Set<String> failed, Set<String> excluded) {
        return new NodeState(node, holdings, failed, excluded, pingReachable, request);
    }

    public NodeState withPingReachable(int reachable) {
        return new NodeState(node, holdings, failedGroups, excludedGroups, reachable, request);
    }

    public NodeState withRequest(Request newRequest) {
        return new NodeState(node, holdings, failedGroups, excludedGroups, pingReachable, Optional.of(newRequest));
    }
}
