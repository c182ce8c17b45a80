package org.jheartbeat.agent.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.AutoFailback;
import org.junit.jupiter.api.Test;

/** The simulation is placement run to its end on a changed copy of the members' states. */
class SimulationTest {

    private static final Topology TWO_GROUPS = new Topology(List.of("a", "b", "c"),
            List.of(new Topology.GroupSpec("g1", "a"), new Topology.GroupSpec("g2", "b")), AutoFailback.ON, false);

    private static Map<String, NodeState> settled() {
        return Map.of("a", NodeState.idle("a").withHolding("g1", Holding.RUNNING),
                "b", NodeState.idle("b").withHolding("g2", Holding.RUNNING),
                "c", NodeState.idle("c"));
    }

    private static Simulation.Step step(int round, String action, String group, String node) {
        return new Simulation.Step(round, action, group, node);
    }

    @Test
    void aFailedOwnersGroupStartsOnTheLeastLoadedSurvivorAtOnce() {
        Simulation.Outcome outcome = Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.FAIL, "a", null));
        assertThat(outcome.steps()).containsExactly(step(1, "start", "g1", "c"));
        assertThat(outcome.owners()).containsEntry("g1", Optional.of("c")).containsEntry("g2", Optional.of("b"));
    }

    @Test
    void aStandbyStopsFirstAndStartsInTheNextRound() {
        Simulation.Outcome outcome = Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.STANDBY, "b", Scope.ALL));
        assertThat(outcome.steps()).containsExactly(step(1, "stop", "g2", "b"), step(2, "start", "g2", "c"));
    }

    @Test
    void aTakeoverOfForeignGroupsMovesOnlyThem() {
        Simulation.Outcome outcome = Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.TAKEOVER, "a", Scope.FOREIGN));
        assertThat(outcome.steps()).containsExactly(step(1, "stop", "g2", "b"), step(2, "start", "g2", "a"));
    }

    @Test
    void theReturnOfThePreferredNodeFailsItsGroupBackWithAutoFailbackOn() {
        Map<String, NodeState> aDown = Map.of("b", NodeState.idle("b").withHolding("g2", Holding.RUNNING)
                .withHolding("g1", Holding.RUNNING), "c", NodeState.idle("c"));
        Simulation.Outcome outcome = Simulation.run(TWO_GROUPS, aDown,
                new Simulation.Event(Simulation.Kind.RETURN, "a", null));
        assertThat(outcome.steps()).containsExactly(step(1, "stop", "g1", "b"), step(2, "start", "g1", "a"));
    }

    @Test
    void nothingMovesWhenNothingHasTo() {
        Topology off = new Topology(TWO_GROUPS.nodes(), TWO_GROUPS.groups(), AutoFailback.OFF, false);
        Map<String, NodeState> aDown = Map.of("b", NodeState.idle("b").withHolding("g2", Holding.RUNNING)
                .withHolding("g1", Holding.RUNNING), "c", NodeState.idle("c"));
        assertThat(Simulation.run(off, aDown, new Simulation.Event(Simulation.Kind.RETURN, "a", null)).steps())
                .isEmpty();
    }

    @Test
    void groupsUnderWayAreTakenAsArrived() {
        Map<String, NodeState> moving = Map.of("a", NodeState.idle("a").withHolding("g1", Holding.STOPPING),
                "b", NodeState.idle("b").withHolding("g2", Holding.STARTING), "c", NodeState.idle("c"));
        Simulation.Outcome outcome = Simulation.run(TWO_GROUPS, moving,
                new Simulation.Event(Simulation.Kind.FAIL, "c", null));
        assertThat(outcome.steps()).containsExactly(step(1, "start", "g1", "a"));
    }

    @Test
    void eventsThatCannotHappenAreRefused() {
        assertThatThrownBy(() -> Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.FAIL, "d", null))).hasMessageContaining("not a member");
        assertThatThrownBy(() -> Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.RETURN, "d", null))).hasMessageContaining("not one of ha.cf");
        assertThatThrownBy(() -> Simulation.run(TWO_GROUPS, settled(),
                new Simulation.Event(Simulation.Kind.RETURN, "a", null))).hasMessageContaining("a member already");
    }

    @Test
    void theMembersStatesAreLeftAsTheyWere() {
        Map<String, NodeState> members = settled();
        Simulation.run(TWO_GROUPS, members, new Simulation.Event(Simulation.Kind.STANDBY, "a", Scope.ALL));
        assertThat(members).isEqualTo(settled());
    }
}
