package org.jheartbeat.agent.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.junit.jupiter.api.Test;

/** While a node outside the view is heard: nothing starts, nothing moves, a second copy inside the view still stops. */
class SplitHoldTest {

    private static final Topology TOPOLOGY = new Topology(List.of("a", "b", "c"),
            List.of(new Topology.GroupSpec("g1", "a"), new Topology.GroupSpec("g2", "b"),
                    new Topology.GroupSpec("g3", "c")), AutoFailback.ON, false);

    private static Placement.Decision held(Map<String, NodeState> members) {
        return SplitHold.hold(Placement.decide(TOPOLOGY, members), members);
    }

    @Test
    void aGroupNoMemberRunsIsStartedNowhere() {
        Map<String, NodeState> members = Map.of("a", NodeState.idle("a").withHolding("g1", Holding.RUNNING),
                "b", NodeState.idle("b"));
        Placement.Decision decision = held(members);
        assertThat(Placement.decide(TOPOLOGY, members).actions()).as("unheld, without the rule")
                .contains(new Placement.Action("b", Placement.ActionKind.ACQUIRE, "g2"));
        assertThat(decision.actions()).isEmpty();
        assertThat(decision.owners()).containsEntry("g1", Optional.of("a")).containsEntry("g2", Optional.empty())
                .containsEntry("g3", Optional.empty());
    }

    @Test
    void aGroupStaysWhereItRunsWhateverAStandbyOrThePreferenceAsks() {
        Map<String, NodeState> members = Map.of("a", NodeState.idle("a").withHolding("g1", Holding.RUNNING)
                        .withRequest(new Request(Request.Kind.STANDBY, Scope.ALL, 1)),
                "b", NodeState.idle("b").withHolding("g2", Holding.RUNNING).withHolding("g3", Holding.RUNNING));
        Placement.Decision decision = held(members);
        assertThat(decision.actions()).isEmpty();
        assertThat(decision.owners()).containsEntry("g1", Optional.of("a")).containsEntry("g2", Optional.of("b"))
                .containsEntry("g3", Optional.of("b"));
    }

    @Test
    void aSecondCopyInsideTheViewIsStillStopped() {
        Map<String, NodeState> members = Map.of("a", NodeState.idle("a").withHolding("g1", Holding.RUNNING),
                "b", NodeState.idle("b").withHolding("g1", Holding.RUNNING));
        assertThat(held(members).actions()).containsExactly(new Placement.Action("b", Placement.ActionKind.RELEASE,
                "g1"));
        assertThat(held(members).owners()).containsEntry("g1", Optional.of("a"));
    }

    @Test
    void theLastCopyIsNotStoppedWhenTheOtherIsAlreadyStopping() {
        Map<String, NodeState> members = Map.of("a", NodeState.idle("a").withHolding("g1", Holding.STOPPING),
                "b", NodeState.idle("b").withHolding("g1", Holding.RUNNING));
        assertThat(held(members).actions()).isEmpty();
        assertThat(Set.copyOf(held(members).owners().values())).contains(Optional.of("b"));
    }
}
