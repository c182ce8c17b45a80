package org.jheartbeat.agent.ownership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * heartbeat's rule for a node that is heard but is not a member: it is alive, so nothing of it is taken over. A view
 * that lacks a node whose authenticated packets still arrive is a split of the membership, not a death: each side
 * would otherwise place the groups for its own view, and two nodes would run one group. So while such a node is
 * heard, the groups stay where they are: no group is started (any group no member holds may be held by the node
 * outside), and no group is moved (its stop could not be followed by a start). Only a second copy inside the view is
 * still stopped. A pure function of the decision and the members' states.
 */
public final class SplitHold {

    private SplitHold() {
    }

    /**
     * @param decision what {@link Placement} decided for the members
     * @param members  the state of every member of the view, by node name
     * @return the decision with every start and every move taken out; each group's owner is where it runs now
     */
    public static Placement.Decision hold(Placement.Decision decision, Map<String, NodeState> members) {
        Map<String, Optional<String>> owners = new LinkedHashMap<>();
        decision.owners().forEach((group, owner) -> owners.put(group, owner.filter(node -> runs(members, node, group))
                .or(() -> members.keySet().stream().sorted().filter(node -> runs(members, node, group)).findFirst())));
        List<Placement.Action> kept = new ArrayList<>();
        for (Placement.Action action : decision.actions()) {
            if (action.kind() == Placement.ActionKind.RELEASE && members.keySet().stream().anyMatch(node ->
                    !node.equals(action.node()) && runs(members, node, action.group()))) {
                kept.add(action);
            }
        }
        return new Placement.Decision(owners, kept);
    }

    /** Whether the member holds the group and is not stopping it. */
    private static boolean runs(Map<String, NodeState> members, String node, String group) {
        Holding holding = members.get(node).holdings().get(group);
        return holding != null && holding != Holding.STOPPING;
    }
}
