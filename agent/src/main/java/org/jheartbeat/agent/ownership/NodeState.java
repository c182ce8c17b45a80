package org.jheartbeat.agent.ownership;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a node tells the cluster about itself; the coordinator places groups from the states of all members.
 *
 * @param holdings      the groups this node has not fully stopped, and how far along they are
 * @param failedGroups  groups that failed to start (or kept failing) here: this node is not a candidate for them
 *                      until an operator cleans them up
 * @param pingReachable how many of ha.cf's ping targets this node reaches; with ipfail configured the nodes
 *                      reaching the most are preferred, as ipfail arranged; otherwise only reported
 * @param request       the node's last standby or takeover request
 */
public record NodeState(String node, Map<String, Holding> holdings, Set<String> failedGroups, int pingReachable,
                        Optional<Request> request) {

    public NodeState {
        holdings = Map.copyOf(holdings);
        failedGroups = Set.copyOf(failedGroups);
    }

    public static NodeState idle(String node) {
        return new NodeState(node, Map.of(), Set.of(), 0, Optional.empty());
    }

    public boolean holds(String group) {
        return holdings.containsKey(group);
    }

    public NodeState withHolding(String group, Holding holding) {
        Map<String, Holding> changed = new HashMap<>(holdings);
        changed.put(group, holding);
        return new NodeState(node, changed, failedGroups, pingReachable, request);
    }

    public NodeState without(String group) {
        Map<String, Holding> changed = new HashMap<>(holdings);
        changed.remove(group);
        return new NodeState(node, changed, failedGroups, pingReachable, request);
    }

    public NodeState withFailed(Set<String> failed) {
        return new NodeState(node, holdings, failed, pingReachable, request);
    }

    public NodeState withPingReachable(int reachable) {
        return new NodeState(node, holdings, failedGroups, reachable, request);
    }

    public NodeState withRequest(Request newRequest) {
        return new NodeState(node, holdings, failedGroups, pingReachable, Optional.of(newRequest));
    }
}
