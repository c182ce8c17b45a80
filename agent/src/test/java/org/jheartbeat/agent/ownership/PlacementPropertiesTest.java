package org.jheartbeat.agent.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Placement.Action;
import org.jheartbeat.agent.ownership.Placement.ActionKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Invariants of placement over random clusters of up to 5 nodes and 6 groups, in any state. */
class PlacementPropertiesTest {

    private record Cluster(Topology topology, Map<String, NodeState> members) {
    }

    private static Cluster randomCluster(long seed) {
        Random random = new Random(seed);
        int nodeCount = 1 + random.nextInt(5);
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add("n" + i);
        }
        List<Topology.GroupSpec> groups = new ArrayList<>();
        for (int i = 0, count = 1 + random.nextInt(6); i < count; i++) {
            groups.add(new Topology.GroupSpec("g" + i, nodes.get(random.nextInt(nodeCount))));
        }
        Topology topology = new Topology(nodes, groups,
                AutoFailback.values()[random.nextInt(AutoFailback.values().length)], random.nextBoolean());
        Map<String, NodeState> members = new LinkedHashMap<>();
        for (String node : nodes) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            NodeState state = NodeState.idle(node).withPingReachable(random.nextInt(3));
            Set<String> failed = new HashSet<>();
            Set<String> excluded = new HashSet<>();
            for (Topology.GroupSpec group : groups) {
                int dice = random.nextInt(10);
                if (dice < 2) {
                    state = state.withHolding(group.id(), Holding.values()[random.nextInt(Holding.values().length)]);
                }
                if (dice >= 8) {
                    failed.add(group.id());
                }
                if (dice == 9 && random.nextBoolean()) {
                    excluded.add(group.id());
                }
            }
            state = state.withFailures(failed, excluded);
            if (random.nextInt(3) == 0) {
                state = state.withRequest(new Request(Request.Kind.values()[random.nextInt(2)],
                        Scope.values()[random.nextInt(Scope.values().length)], random.nextInt(10)));
            }
            members.put(node, state);
        }
        return new Cluster(topology, members);
    }

    /**
     * A group has an owner exactly when a member is not excluded from it (a failure mark never leaves it without
     * one), and the owner has failed it only when every member that is not excluded has.
     */
    @Property(tries = 2000)
    void ownersAreMembersNotExcludedAndFailedOnlyWhereAllAre(@ForAll long seed) {
        Cluster cluster = randomCluster(seed);
        Placement.Decision decision = Placement.decide(cluster.topology(), cluster.members());

        for (Topology.GroupSpec group : cluster.topology().groups()) {
            Optional<String> owner = decision.owners().get(group.id());
            List<NodeState> allowed = cluster.members().values().stream()
                    .filter(state -> !state.excludedGroups().contains(group.id())).toList();
            assertThat(owner.isPresent()).as("group %s has an owner when a member may run it", group)
                    .isEqualTo(!allowed.isEmpty());
            owner.ifPresent(node -> {
                assertThat(cluster.members()).containsKey(node);
                NodeState state = cluster.members().get(node);
                assertThat(state.excludedGroups()).doesNotContain(group.id());
                if (state.failedGroups().contains(group.id())) {
                    assertThat(allowed).as("%s failed %s: so did every member allowed", node, group)
                            .allMatch(member -> member.failedGroups().contains(group.id()));
                }
            });
        }
    }

    @Property(tries = 2000)
    void anAcquireNeverOverlapsAnotherHolder(@ForAll long seed) {
        Cluster cluster = randomCluster(seed);
        Placement.Decision decision = Placement.decide(cluster.topology(), cluster.members());

        for (Action action : decision.actions()) {
            if (action.kind() == ActionKind.ACQUIRE) {
                assertThat(cluster.members().values())
                        .as("nobody else holds %s when %s acquires it", action.group(), action.node())
                        .noneMatch(state -> state.holds(action.group()));
                assertThat(decision.actions()).filteredOn(a -> a.group().equals(action.group())).containsExactly(action);
            } else {
                assertThat(cluster.members().get(action.node()).holdings().get(action.group()))
                        .isIn(Holding.STARTING, Holding.RUNNING);
                assertThat(decision.owners().get(action.group())).isNotEqualTo(Optional.of(action.node()));
            }
        }
    }

    @Property(tries = 1000)
    void theDecisionDoesNotDependOnTheOrderMembersArriveIn(@ForAll long seed) {
        Cluster cluster = randomCluster(seed);
        List<String> shuffled = new ArrayList<>(cluster.members().keySet());
        Collections.shuffle(shuffled, new Random(seed));
        Map<String, NodeState> reordered = new LinkedHashMap<>();
        shuffled.forEach(node -> reordered.put(node, cluster.members().get(node)));

        assertThat(Placement.decide(cluster.topology(), reordered))
                .isEqualTo(Placement.decide(cluster.topology(), cluster.members()));
    }

    @Property(tries = 1000)
    void withoutIpfailPingReachabilityChangesNothing(@ForAll long seed) {
        Cluster cluster = randomCluster(seed);
        Topology withoutIpfail = new Topology(cluster.topology().nodes(), cluster.topology().groups(),
                cluster.topology().autoFailback(), false);
        Random random = new Random(~seed);
        Map<String, NodeState> otherPing = new LinkedHashMap<>();
        cluster.members().forEach((node, state) -> otherPing.put(node, state.withPingReachable(random.nextInt(3))));

        assertThat(Placement.decide(withoutIpfail, otherPing))
                .isEqualTo(Placement.decide(withoutIpfail, cluster.members()));
    }

    /** Carrying out the actions (stops complete, starts succeed) reaches, within a few rounds, one holder per group. */
    @Property(tries = 1000)
    void followingTheActionsConvergesOnExactlyTheOwners(@ForAll long seed) {
        Cluster cluster = randomCluster(seed);
        Map<String, NodeState> members = new HashMap<>(cluster.members());
        Placement.Decision decision = null;
        for (int round = 0; round < 4; round++) {
            members.replaceAll((node, state) -> settle(state));
            decision = Placement.decide(cluster.topology(), members);
            for (Action action : decision.actions()) {
                NodeState state = members.get(action.node());
                members.put(action.node(), action.kind() == ActionKind.RELEASE ? state.without(action.group())
                        : state.withHolding(action.group(), Holding.STARTING));
            }
        }

        assertThat(decision.actions()).as("no action left").isEmpty();
        for (Topology.GroupSpec group : cluster.topology().groups()) {
            List<String> holders = members.values().stream().filter(state -> state.holds(group.id()))
                    .map(NodeState::node).toList();
            assertThat(holders).as("holders of %s", group.id())
                    .isEqualTo(decision.owners().get(group.id()).map(List::of).orElse(List.of()));
        }
    }

    /** Stops in progress finish; starts in progress finish. */
    private static NodeState settle(NodeState state) {
        NodeState settled = state;
        for (Map.Entry<String, Holding> holding : state.holdings().entrySet()) {
            settled = switch (holding.getValue()) {
                case STOPPING -> settled.without(holding.getKey());
                case STARTING -> settled.withHolding(holding.getKey(), Holding.RUNNING);
                case RUNNING -> settled;
            };
        }
        return settled;
    }
}
