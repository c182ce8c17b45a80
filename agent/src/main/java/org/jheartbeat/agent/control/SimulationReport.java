package org.jheartbeat.agent.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Simulation;
import org.jheartbeat.agent.ownership.Topology;

/**
 * {@code hbctl simulate}: what placement would do after one event, from the members' latest states
 * (docs/control-protocol.md). Nothing is changed.
 *
 * @param node    the node that answered
 * @param event   the event, as words: {@code fail beta}, {@code standby alpha all}
 * @param groups  every group, where it runs now and where it would run after the actions
 * @param actions in order; those of one round happen together
 */
public record SimulationReport(String node, String event, List<Placed> groups, List<Action> actions) {

    public SimulationReport {
        groups = List.copyOf(groups);
        actions = List.copyOf(actions);
    }

    /** @param before the node holding it now, absent when none; {@code after}: absent when no node could run it */
    public record Placed(String group, String before, String after) {
    }

    /** @param resources the group's resources in the order the action takes them: start order, or reversed */
    public record Action(int round, String action, String group, String node, List<String> resources) {
    }

    /** Runs the simulation on the members' states and names each action's resources from the configuration. */
    public static SimulationReport of(String node, Topology topology, List<ResourceGroup> configured,
                                      Map<String, NodeState> members, Simulation.Event event) {
        Simulation.Outcome outcome = Simulation.run(topology, members, event);
        List<Placed> groups = new ArrayList<>();
        for (Topology.GroupSpec group : topology.groups()) {
            Optional<String> holder = members.values().stream()
                    .filter(state -> state.holdings().get(group.id()) != null
                            && state.holdings().get(group.id()) != Holding.STOPPING)
                    .map(NodeState::node).sorted().findFirst();
            groups.add(new Placed(group.id(), holder.orElse(null),
                    outcome.owners().getOrDefault(group.id(), Optional.empty()).orElse(null)));
        }
        List<Action> actions = outcome.steps().stream().map(step -> new Action(step.round(), step.action(),
                step.group(), step.node(), resources(configured, step.group(), step.action().equals("stop"))))
                .toList();
        String words = event.kind().word() + " " + event.node()
                + (event.scope() == null ? "" : " " + event.scope().word());
        return new SimulationReport(node, words, groups, actions);
    }

    private static List<String> resources(List<ResourceGroup> configured, String group, boolean reversed) {
        List<String> ids = new ArrayList<>(configured.stream().filter(candidate -> candidate.id().equals(group))
                .flatMap(candidate -> candidate.resources().stream()).map(ConfiguredResource::id).toList());
        if (reversed) {
            Collections.reverse(ids);
        }
        return ids;
    }
}
