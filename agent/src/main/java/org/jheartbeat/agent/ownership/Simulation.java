package org.jheartbeat.agent.ownership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What placement would do after one event, as crm_simulate answers for Pacemaker: {@link Placement#decide} run on
 * the members' states with the event applied, round after round, each round's actions taken as done (every stop and
 * start succeeding), until nothing is left to do. A pure function like the placement itself: it changes nothing.
 *
 * <p>A group a member holds while starting or stopping is taken as started or stopped. A standby or takeover forgets,
 * as the real one does, the failures of the groups it covers on every member, except those a member must not run at
 * all for now (refused by a startup check, or failed there less than deadtime ago), which the members' states do not
 * tell apart and which the real request keeps for the refusals.
 */
public final class Simulation {

    private Simulation() {
    }

    /** The kinds of event: a member fails, goes standby or takes over, or a configured node comes back. */
    public enum Kind {
        FAIL, STANDBY, TAKEOVER, RETURN;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> parse(String word) {
            for (Kind kind : values()) {
                if (kind.word().equals(word)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** @param scope for standby and takeover, the groups the request covers */
    public record Event(Kind kind, String node, Scope scope) {

        /** This event, happening to {@code node} when it names none (a standby or takeover asked without one). */
        public Event orOn(String node) {
            return this.node != null ? this : new Event(kind, node, scope);
        }
    }

    /**
     * One action of the answer.
     *
     * @param round  the placement round it belongs to, from 1: actions of one round happen together, a later round's
     *               only once the earlier ones are done (a group starts only once every other holder stopped it)
     * @param action stop or start
     */
    public record Step(int round, String action, String group, String node) {
    }

    /** @param owners every group's node once the actions are done; absent when no member can run the group */
    public record Outcome(List<Step> steps, Map<String, Optional<String>> owners) {
        public Outcome {
            steps = List.copyOf(steps);
        }
    }

    /**
     * @param members every member's state, by node name, as the coordinator holds them
     * @throws IllegalArgumentException when the event names a node it cannot happen to: a failing, standby or
     *                                  takeover node that is no member, a returning node that is one or is not
     *                                  configured
     */
    public static Outcome run(Topology topology, Map<String, NodeState> members, Event event) {
        Map<String, NodeState> states = new HashMap<>();
        members.forEach((node, state) -> states.put(node, settled(state)));
        apply(topology, states, event);
        List<Step> steps = new ArrayList<>();
        // Each round removes or adds one holding per group at least; more rounds than that would be a loop.
        int maxRounds = 2 * topology.groups().size() * Math.max(1, topology.nodes().size()) + 2;
        Placement.Decision decision = Placement.decide(topology, states);
        for (int round = 1; !decision.actions().isEmpty(); round++) {
            if (round > maxRounds) {
                throw new IllegalStateException("placement did not settle within " + maxRounds + " rounds: "
                        + decision.actions());
            }
            for (Placement.Action action : decision.actions()) {
                NodeState state = states.get(action.node());
                boolean acquire = action.kind() == Placement.ActionKind.ACQUIRE;
                states.put(action.node(), acquire ? state.withHolding(action.group(), Holding.RUNNING)
                        : state.without(action.group()));
                steps.add(new Step(round, acquire ? "start" : "stop", action.group(), action.node()));
            }
            decision = Placement.decide(topology, states);
        }
        return new Outcome(steps, new LinkedHashMap<>(decision.owners()));
    }

    /** A group under way is taken as where it is going. */
    private static NodeState settled(NodeState state) {
        NodeState settled = state;
        for (Map.Entry<String, Holding> holding : state.holdings().entrySet()) {
            settled = switch (holding.getValue()) {
                case STARTING -> settled.withHolding(holding.getKey(), Holding.RUNNING);
                case STOPPING -> settled.without(holding.getKey());
                case RUNNING -> settled;
            };
        }
        return settled;
    }

    private static void apply(Topology topology, Map<String, NodeState> states, Event event) {
        String node = event.node();
        switch (event.kind()) {
            case FAIL -> {
                requireMember(states, node);
                states.remove(node);
            }
            case RETURN -> {
                if (!topology.nodes().contains(node)) {
                    throw new IllegalArgumentException("node " + node + " is not one of ha.cf's nodes "
                            + topology.nodes());
                }
                if (states.containsKey(node)) {
                    throw new IllegalArgumentException("node " + node + " is a member already: it cannot come back");
                }
                states.put(node, NodeState.idle(node));
            }
            case STANDBY, TAKEOVER -> {
                requireMember(states, node);
                long sequence = states.values().stream().flatMap(state -> state.request().stream())
                        .mapToLong(Request::sequence).max().orElse(0) + 1;
                Request request = new Request(event.kind() == Kind.STANDBY ? Request.Kind.STANDBY
                        : Request.Kind.TAKEOVER, event.scope(), sequence);
                states.put(node, states.get(node).withRequest(request));
                Set<String> covered = new HashSet<>();
                topology.groups().stream().filter(group -> request.covers(node, group.preferredNode()))
                        .forEach(group -> covered.add(group.id()));
                states.replaceAll((name, state) -> forgetFailures(state, covered));
            }
        }
    }

    private static NodeState forgetFailures(NodeState state, Set<String> covered) {
        Set<String> failed = new HashSet<>(state.failedGroups());
        failed.removeIf(group -> covered.contains(group) && !state.excludedGroups().contains(group));
        return state.withFailures(failed, state.excludedGroups());
    }

    private static void requireMember(Map<String, NodeState> states, String node) {
        if (!states.containsKey(node)) {
            throw new IllegalArgumentException("node " + node + " is not a member of the cluster (members: "
                    + String.join(", ", states.keySet().stream().sorted().toList()) + ")");
        }
    }
}
