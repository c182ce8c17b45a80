package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.junit.jupiter.api.Test;

/** rscstatus in the situations heartbeat was recorded in, plus those only jheartbeat's state shows. */
class ResourceHoldTest {

    private static final Map<String, String> PREFERRED = Map.of("a-group", "alpha", "b-group", "beta");
    private static final List<String> NODES = List.of("alpha", "beta");
    private static final Set<String> BOTH = Set.of("alpha", "beta");

    @Test
    void eachNodeHoldingItsOwnGroupsHoldsLocal() {
        Map<String, NodeState> states = Map.of("alpha", running("alpha", "a-group"), "beta", running("beta", "b-group"));
        assertThat(hold("alpha", BOTH, states)).isEqualTo("local");
        assertThat(hold("beta", BOTH, states)).isEqualTo("local");
    }

    @Test
    void withAutoFailbackLegacyNoNodeHoldsAnythingOutsideTransitions() {
        Map<String, NodeState> states = Map.of("alpha", running("alpha", "a-group"),
                "beta", NodeState.idle("beta").withHolding("b-group", Holding.STARTING));
        assertThat(ResourceHold.of("alpha", BOTH, states, PREFERRED, NODES, AutoFailback.LEGACY)).isEqualTo("none");
        assertThat(ResourceHold.of("beta", BOTH, states, PREFERRED, NODES, AutoFailback.LEGACY))
                .isEqualTo("transition");
    }

    @Test
    void standbyAllGivesEverythingToThePeer() {
        Map<String, NodeState> states = Map.of(
                "alpha", NodeState.idle("alpha").withRequest(new Request(Request.Kind.STANDBY, Scope.ALL, 1)),
                "beta", running("beta", "b-group").withHolding("a-group", Holding.RUNNING));
        assertThat(hold("alpha", BOTH, states)).isEqualTo("none");
        assertThat(hold("beta", BOTH, states)).isEqualTo("all");
    }

    @Test
    void holdingOnlyAnotherNodesGroupIsForeign() {
        Map<String, NodeState> states = Map.of("alpha", NodeState.idle("alpha"),
                "beta", NodeState.idle("beta").withHolding("a-group", Holding.RUNNING));
        assertThat(hold("beta", BOTH, states)).isEqualTo("foreign");
    }

    @Test
    void survivorOfADeadPeerHoldsAll() {
        Map<String, NodeState> states = Map.of("alpha", running("alpha", "a-group").withHolding("b-group",
                Holding.RUNNING));
        assertThat(hold("alpha", Set.of("alpha"), states)).isEqualTo("all");
    }

    @Test
    void aGroupStartingOrStoppingHereIsTransition() {
        Map<String, NodeState> states = Map.of("alpha", NodeState.idle("alpha").withHolding("a-group",
                Holding.STARTING), "beta", running("beta", "b-group").withHolding("x", Holding.STOPPING));
        assertThat(hold("alpha", BOTH, states)).isEqualTo("transition");
        assertThat(hold("beta", BOTH, states)).isEqualTo("transition");
    }

    private static NodeState running(String node, String group) {
        return NodeState.idle(node).withHolding(group, Holding.RUNNING);
    }

    private static String hold(String self, Set<String> members, Map<String, NodeState> states) {
        return ResourceHold.of(self, members, states, PREFERRED, NODES, AutoFailback.OFF);
    }
}
