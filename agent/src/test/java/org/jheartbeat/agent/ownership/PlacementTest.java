package org.jheartbeat.agent.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Placement.Action;
import org.jheartbeat.agent.ownership.Placement.ActionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * heartbeat v1's placement on two nodes, a and b, with one group G preferred on a; every combination of
 * failback policy, holder, liveness, request, ping reachability and failure mark that matters, as a table.
 */
class PlacementTest {

    private static final String G = "IPaddr::10.0.0.1";
    private static final Topology.GroupSpec GROUP = new Topology.GroupSpec(G, "a");

    /** @param failback {@code on}, {@code off} or {@code legacy}, followed by {@code ipfail} where ha.cf runs it */
    private static Topology twoNodes(String failback) {
        String[] words = failback.split(" ");
        return new Topology(List.of("a", "b"), List.of(GROUP), AutoFailback.valueOf(words[0].toUpperCase()),
                words.length > 1 && words[1].equals("ipfail"));
    }

    /**
     * A member: name, then optional markers: "holds", "stopping", "failed", "excluded" (failed within the retry pause,
     * or refused by a startup check), "ping=N", "standby:SCOPE@SEQ", "takeover:SCOPE@SEQ".
     */
    private static NodeState member(String spec) {
        String[] words = spec.split(" ");
        NodeState state = NodeState.idle(words[0]);
        for (String word : Arrays.copyOfRange(words, 1, words.length)) {
            if (word.equals("holds")) {
                state = state.withHolding(G, Holding.RUNNING);
            } else if (word.equals("starting")) {
                state = state.withHolding(G, Holding.STARTING);
            } else if (word.equals("stopping")) {
                state = state.withHolding(G, Holding.STOPPING);
            } else if (word.equals("failed")) {
                state = state.withFailed(Set.of(G));
            } else if (word.equals("excluded")) {
                state = state.withFailures(Set.of(G), Set.of(G));
            } else if (word.startsWith("ping=")) {
                state = state.withPingReachable(Integer.parseInt(word.substring(5)));
            } else {
                String[] request = word.split("[:@]");
                state = state.withRequest(new Request(Request.Kind.valueOf(request[0].toUpperCase()),
                        Scope.parse(request[1]).orElseThrow(), Long.parseLong(request[2])));
            }
        }
        return state;
    }

    private static Map<String, NodeState> members(String... specs) {
        Map<String, NodeState> members = new LinkedHashMap<>();
        for (String spec : specs) {
            NodeState state = member(spec);
            members.put(state.node(), state);
        }
        return members;
    }

    static Stream<Arguments> twoNodeTable() {
        return Stream.of(
                // failback, members..., expected owner ("-" for none), expected actions
                row("on", "a|b", "a", "acquire a"),
                row("off", "a|b", "a", "acquire a"),
                row("legacy", "a|b", "a", "acquire a"),
                row("on", "b", "b", "acquire b"),
                row("on", "a", "a", "acquire a"),
                // a comes back while b runs G
                row("on", "a|b holds", "a", "release b"),
                row("legacy", "a|b holds", "a", "release b"),
                row("off", "a|b holds", "b", ""),
                // b is releasing: a waits until b has stopped
                row("on", "a|b stopping", "a", ""),
                row("off", "a|b stopping", "a", ""),
                // nothing to do when the owner holds it
                row("on", "a holds|b", "a", ""),
                row("off", "a holds|b", "a", ""),
                row("on", "a starting|b", "a", ""),
                // after a partition heals both hold it: one release, deterministic
                row("on", "a holds|b holds", "a", "release b"),
                row("off", "a holds|b holds", "a", "release b"),
                // hb_standby on a (all, local, foreign/failback relative to a)
                row("on", "a holds standby:all@1|b", "b", "release a"),
                row("on", "a holds standby:local@1|b", "b", "release a"),
                row("on", "a holds standby:foreign@1|b", "a", ""),
                row("on", "a holds standby:failback@1|b", "a", ""),
                row("on", "a stopping standby:all@1|b", "b", ""),
                row("on", "a standby:all@1|b", "b", "acquire b"),
                // standby on b for foreign groups (G is foreign to b): G goes back to a
                row("off", "a|b holds standby:foreign@1", "a", "release b"),
                row("off", "a|b holds standby:failback@1", "a", "release b"),
                row("off", "a|b holds standby:local@1", "b", ""),
                // standby never strands a group: the only member runs it anyway
                row("on", "a holds standby:all@1", "a", ""),
                row("on", "a standby:all@1", "a", "acquire a"),
                // hb_takeover on b
                row("on", "a holds|b takeover:all@2", "b", "release a"),
                row("on", "a holds|b takeover:foreign@2", "b", "release a"),
                row("on", "a holds|b takeover:local@2", "a", ""),
                row("off", "a holds|b takeover:failback@2", "b", "release a"),
                // the later of two takeovers wins
                row("on", "a takeover:all@5|b takeover:all@7", "b", "acquire b"),
                row("on", "a takeover:all@9|b holds takeover:all@7", "a", "release b"),
                // both in standby: the later standby is honoured, whoever holds the group (hb_standby hands the
                // group to the peer whatever the peer asked before)
                row("on", "a standby:all@1|b holds standby:all@2", "a", "release b"),
                row("off", "a holds standby:all@4|b standby:all@2", "b", "release a"),
                // the fault lab's step (seed 2050, step 933): b's takeover of its foreign groups put a in standby
                // for its local ones, then b stood by for its foreign ones: the group goes back to a
                row("off", "a standby:local@2|b holds standby:foreign@4", "a", "release b"),
                // a takeover on a standby node: standby wins for that node
                row("on", "a holds|b holds standby:all@3", "a", "release b"),
                // ping with ipfail: the node reaching fewer targets yields
                row("on ipfail", "a holds ping=1|b ping=2", "b", "release a"),
                row("off ipfail", "a ping=2|b holds ping=2", "b", ""),
                row("on ipfail", "a ping=0|b ping=0", "a", "acquire a"),
                // ping without ipfail: reported only, as heartbeat does
                row("on", "a holds ping=1|b ping=2", "a", ""),
                row("off", "a ping=0|b ping=1", "a", "acquire a"),
                // a node that failed the group is no candidate while another member can run it
                row("on", "a failed|b", "b", "acquire b"),
                row("off", "a|b failed holds", "a", "release b"),
                // a failure never makes the last candidates ineligible: they try again
                row("on", "a failed|b failed", "a", "acquire a"),
                row("on", "a failed", "a", "acquire a"),
                row("off", "a failed|b failed holds", "b", ""),
                // a node excluded from the group (within deadtime of its failure, or refused) is no candidate at all
                row("on", "a excluded", "-", ""),
                row("on", "a excluded|b failed", "b", "acquire b"),
                row("on", "a excluded|b excluded", "-", ""),
                row("on", "a holds excluded|b", "b", "release a"),
                // a failure mark comes before a standby in force (a new request clears the marks it covers first,
                // ClusterNode): the node that failed the group in answer to the standby gives it back for good
                row("on", "a holds standby:all@1|b failed", "a", ""),
                row("on", "a holds standby:all@1|b excluded", "a", ""),
                row("on", "a standby:all@1|b failed", "a", "acquire a"),
                // a node that failed it but still holds it (stop after give-up pending) is told to release
                row("on", "a holds failed|b", "b", "release a"));
    }

    private static Arguments row(String failback, String members, String owner, String actions) {
        return Arguments.of(failback, members, owner, actions);
    }

    @ParameterizedTest(name = "auto_failback {0}, members [{1}] -> owner {2}, actions [{3}]")
    @MethodSource("twoNodeTable")
    void placesLikeHeartbeatV1(String failback, String members, String owner, String actions) {
        Placement.Decision decision = Placement.decide(twoNodes(failback), members(members.split("\\|")));

        assertThat(decision.owners().get(G)).isEqualTo(owner.equals("-") ? Optional.empty() : Optional.of(owner));
        assertThat(decision.actions()).containsExactlyElementsOf(actions.isEmpty() ? List.of()
                : Arrays.stream(actions.split(",")).map(PlacementTest::action).toList());
    }

    private static Action action(String text) {
        String[] words = text.strip().split(" ");
        return new Action(words[1], ActionKind.valueOf(words[0].toUpperCase()), G);
    }

    @Test
    void groupsWithoutTheirPreferredNodeSpreadOverTheOthers() {
        Topology topology = new Topology(List.of("a", "b", "c"),
                List.of(new Topology.GroupSpec("g1", "a"), new Topology.GroupSpec("g2", "a"),
                        new Topology.GroupSpec("g3", "a"), new Topology.GroupSpec("g4", "b")),
                AutoFailback.ON, false);

        Placement.Decision decision = Placement.decide(topology, members("b", "c"));

        assertThat(decision.owners()).containsExactly(Map.entry("g1", Optional.of("c")),
                Map.entry("g2", Optional.of("b")), Map.entry("g3", Optional.of("c")),
                Map.entry("g4", Optional.of("b")));
    }

    @Test
    void noMembersNoOwners() {
        assertThat(Placement.decide(twoNodes("on"), Map.of()).owners()).containsEntry(G, Optional.empty());
    }
}
