package org.jheartbeat.agent.ownership;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jheartbeat.agent.config.AutoFailback;

/**
 * Decides which node should own each group and what each node must do to get there. A pure function of the
 * topology and the members' states: no I/O, no clock, the same answer for the same input on every node.
 *
 * <p>For each group, in haresources order:
 * <ol>
 *   <li>candidates are the members not excluded from the group (a startup check refused it there, or it
 *       failed there less than deadtime ago), and of those the ones that have not failed it, unless all have (a
 *       failure mark never leaves a group without a candidate); with ipfail configured, only those reaching the
 *       most ping targets (ipfail's rule; without ipfail, ping reachability moves nothing);</li>
 *   <li>a member in standby for the group is no candidate, unless no other member is: then the one whose standby
 *       came first is, as heartbeat's hb_standby hands a group to the peer whatever the peer asked before, so that
 *       the latest request is honoured;</li>
 *   <li>the owner is the candidate that took the group over most recently; else, with auto_failback on or
 *       legacy, the preferred node, then a candidate already holding it; with auto_failback off, a candidate
 *       already holding it, then the preferred node;</li>
 *   <li>groups still without an owner go, in haresources order, to the candidate owning fewest groups so
 *       far, ties broken by ha.cf's node order.</li>
 * </ol>
 * Actions follow invariant 1: every other holder releases the group, and the owner acquires it only once no
 * other member holds it at all.
 */
public final class Placement {

    private Placement() {
    }

    public enum ActionKind { RELEASE, ACQUIRE }

    public record Action(String node, ActionKind kind, String group) {
    }

    /** @param owners every group's desired owner, empty when no member can run it */
    public record Decision(Map<String, Optional<String>> owners, List<Action> actions) {
        public Decision {
            owners = Collections.unmodifiableMap(new LinkedHashMap<>(owners));
            actions = List.copyOf(actions);
        }

        public List<Action> actionsFor(String node) {
            return actions.stream().filter(action -> action.node().equals(node)).toList();
        }
    }

    /**
     * @param members the state of every member of the current view, by node name; nodes outside it are dead
     */
    public static Decision decide(Topology topology, Map<String, NodeState> members) {
        List<String> order = nodeOrder(topology, members);
        Map<String, List<String>> candidates = new HashMap<>();
        Map<String, Optional<String>> owners = new LinkedHashMap<>();
        Map<String, Integer> load = new HashMap<>();
        for (Topology.GroupSpec group : topology.groups()) {
            List<String> groupCandidates = candidates(topology, group, order, members);
            candidates.put(group.id(), groupCandidates);
            Optional<String> owner = settledOwner(topology.autoFailback(), group, groupCandidates, members);
            owner.ifPresent(node -> load.merge(node, 1, Integer::sum));
            owners.put(group.id(), owner);
        }
        // Groups nobody prefers or holds go, in order, to the candidate with the fewest groups so far.
        for (Topology.GroupSpec group : topology.groups()) {
            if (owners.get(group.id()).isEmpty()) {
                Optional<String> owner = candidates.get(group.id()).stream()
                        .min(Comparator.comparingInt(node -> load.getOrDefault(node, 0)));
                owner.ifPresent(node -> load.merge(node, 1, Integer::sum));
                owners.put(group.id(), owner);
            }
        }
        return decision(topology, owners, order, members);
    }

    /**
     * Placement of the {@code allowed} groups only, by the rules above; no other group has an owner, so every holder
     * releases it and nobody acquires it. What the members do while a node that cannot be one of them, a heartbeat 3
     * node, is heard: heartbeat's rules leave them some groups, or none.
     */
    public static Decision decideAmong(Topology topology, Map<String, NodeState> members, Set<String> allowed) {
        Set<String> others = topology.groups().stream().map(Topology.GroupSpec::id)
                .filter(group -> !allowed.contains(group)).collect(Collectors.toSet());
        Decision among = decide(topology.without(others), members);
        Map<String, Optional<String>> owners = new LinkedHashMap<>();
        topology.groups().forEach(group -> owners.put(group.id(),
                among.owners().getOrDefault(group.id(), Optional.empty())));
        return decision(topology, owners, nodeOrder(topology, members), members);
    }

    private static Decision decision(Topology topology, Map<String, Optional<String>> owners, List<String> order,
                                     Map<String, NodeState> members) {
        List<Action> actions = new ArrayList<>();
        for (Topology.GroupSpec group : topology.groups()) {
            actions.addAll(actions(group.id(), owners.get(group.id()), order, members));
        }
        return new Decision(owners, actions);
    }

    /** Every other holder releases; the owner acquires once nobody else holds the group at all. */
    private static List<Action> actions(String group, Optional<String> owner, List<String> order,
                                        Map<String, NodeState> members) {
        List<Action> actions = new ArrayList<>();
        boolean othersHold = false;
        for (String node : order) {
            Holding holding = members.get(node).holdings().get(group);
            if (holding == null || owner.filter(node::equals).isPresent()) {
                continue;
            }
            othersHold = true;
            if (holding != Holding.STOPPING) {
                actions.add(new Action(node, ActionKind.RELEASE, group));
            }
        }
        if (owner.isPresent() && !othersHold && !members.get(owner.get()).holds(group)) {
            actions.add(new Action(owner.get(), ActionKind.ACQUIRE, group));
        }
        return actions;
    }

    /**
     * Members that may run the group, in node order: not excluded; not failed, unless all are; with ipfail, reaching
     * the most ping targets; not in standby, unless all are, and then the one whose standby came first.
     */
    private static List<String> candidates(Topology topology, Topology.GroupSpec group, List<String> order,
                                           Map<String, NodeState> members) {
        List<String> allowed = order.stream()
                .filter(node -> !members.get(node).excludedGroups().contains(group.id()))
                .toList();
        List<String> eligible = unlessNoneLeft(allowed,
                node -> !members.get(node).failedGroups().contains(group.id()));
        int bestPing = eligible.stream().mapToInt(node -> members.get(node).pingReachable()).max().orElse(0);
        List<String> reaching = !topology.ipfail() ? eligible : eligible.stream()
                .filter(node -> members.get(node).pingReachable() == bestPing).toList();
        Predicate<String> standingBy = node -> requests(members.get(node), Request.Kind.STANDBY, group);
        if (!reaching.stream().allMatch(standingBy)) {
            return reaching.stream().filter(standingBy.negate()).toList();
        }
        OptionalLong firstStandby = reaching.stream().mapToLong(node -> sequence(members.get(node))).min();
        return reaching.stream().filter(node -> sequence(members.get(node)) == firstStandby.getAsLong()).toList();
    }

    private static long sequence(NodeState state) {
        return state.request().orElseThrow().sequence();
    }

    /** The nodes that pass {@code test}; all of them when none does. */
    private static List<String> unlessNoneLeft(List<String> nodes, Predicate<String> test) {
        List<String> passing = nodes.stream().filter(test).toList();
        return passing.isEmpty() ? nodes : passing;
    }

    /** The owner that a takeover, the preferred node or a current holder settles; empty when none does. */
    private static Optional<String> settledOwner(AutoFailback autoFailback, Topology.GroupSpec group,
                                                 List<String> candidates, Map<String, NodeState> members) {
        Optional<String> takenOver = candidates.stream()
                .filter(node -> requests(members.get(node), Request.Kind.TAKEOVER, group))
                .max(Comparator.comparingLong(node -> sequence(members.get(node))));
        if (takenOver.isPresent()) {
            return takenOver;
        }
        Optional<String> preferred = candidates.contains(group.preferredNode())
                ? Optional.of(group.preferredNode()) : Optional.empty();
        Optional<String> holder = candidates.stream()
                .filter(node -> {
                    Holding holding = members.get(node).holdings().get(group.id());
                    return holding != null && holding != Holding.STOPPING;
                })
                .findFirst();
        return autoFailback == AutoFailback.OFF ? holder.or(() -> preferred) : preferred.or(() -> holder);
    }

    private static boolean requests(NodeState state, Request.Kind kind, Topology.GroupSpec group) {
        return state.request().filter(request -> request.kind() == kind
                && request.covers(state.node(), group.preferredNode())).isPresent();
    }

    /** Members in ha.cf's order; a member ha.cf does not name (it cannot happen for a valid config) goes last. */
    private static List<String> nodeOrder(Topology topology, Map<String, NodeState> members) {
        List<String> order = new ArrayList<>(topology.nodes().stream().filter(members::containsKey).toList());
        members.keySet().stream().filter(node -> !order.contains(node)).sorted().forEach(order::add);
        return order;
    }
}
