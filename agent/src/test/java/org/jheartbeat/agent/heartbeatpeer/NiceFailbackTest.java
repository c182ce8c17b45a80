package org.jheartbeat.agent.heartbeatpeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.heartbeatpeer.NiceFailback.Held;
import org.jheartbeat.agent.heartbeatpeer.NiceFailback.Starting;
import org.junit.jupiter.api.Test;

/**
 * heartbeat 3.0.6's nice_failback start-up rules from a jheartbeat node's side (hb_resource.c, and the recorded
 * exchanges of the heartbeat-protocol captures): what this node may hold beside a live heartbeat peer, and what it
 * says for the peer to apply the same rules.
 */
class NiceFailbackTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final NiceFailback rules = new NiceFailback(Duration.ofSeconds(10));

    @Test
    void aNodeHoldingGroupsWhenItFirstHearsThePeerKeepsThemAndAnswersTheirStartingWithThem() {
        assertThat(rules.begin(ResourceClasses.ALL, false, 0)).isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
        assertThat(rules.starting(true)).containsExactly(new Held(ResourceClasses.ALL, true));
        // The peer, starting, finds its own groups held here (our foreign ones) and takes none.
        assertThat(rules.resources(ResourceClasses.NONE, true, Optional.of(false), SECOND, true)).isEmpty();
        assertThat(rules.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true))
                .as("the peer became stable: heartbeat says its holdings again").containsExactly(
                        new Held(ResourceClasses.ALL, true));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
    }

    @Test
    void aNodeStartingBesideAnActivePeerAsksAndTakesItsLocalGroupsOnceThePeerIsStableUnlessThePeerHoldsThem() {
        assertThat(rules.begin(ResourceClasses.NONE, true, 0)).containsExactly(new Starting());
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
        // The peer holds everything: its local groups and ours (it took ours when we were dead).
        assertThat(rules.resources(ResourceClasses.ALL, true, Optional.of(true), SECOND, true))
                .containsExactly(new Held(ResourceClasses.NONE, true));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);

        NiceFailback other = new NiceFailback(Duration.ofSeconds(10));
        other.begin(ResourceClasses.NONE, true, 0);
        assertThat(other.resources(ResourceClasses.LOCAL, true, Optional.of(true), SECOND, false))
                .as("ours are free: taken, and stable only once they run").containsExactly(
                        new Held(ResourceClasses.LOCAL, false));
        assertThat(other.granted()).isEqualTo(ResourceClasses.LOCAL);
        assertThat(other.review(2 * SECOND, false, true)).as("still starting them").isEmpty();
        assertThat(other.review(3 * SECOND, true, true)).containsExactly(
                new Held(ResourceClasses.LOCAL, true));
        assertThat(other.review(4 * SECOND, true, true)).as("said once").isEmpty();
    }

    @Test
    void whenBothStartTheUnstableAnswersLeaveEachItsLocalGroupsAfterTheRequestDelay() {
        assertThat(rules.begin(ResourceClasses.NONE, false, 0)).as("the peer's communication is not up").isEmpty();
        assertThat(rules.starting(true)).containsExactly(new Held(ResourceClasses.NONE, true));
        assertThat(rules.resources(ResourceClasses.NONE, true, Optional.of(false), SECOND, true))
                .as("holding nothing, this node is stable at once").containsExactly(
                        new Held(ResourceClasses.NONE, true));
        assertThat(rules.resources(ResourceClasses.NONE, true, Optional.of(false), 2 * SECOND, true)).isEmpty();
        assertThat(rules.review(10 * SECOND, true, true)).isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
        assertThat(rules.review(11 * SECOND, false, true)).containsExactly(
                new Held(ResourceClasses.LOCAL, false));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.LOCAL);
    }

    @Test
    void aStartingLostOnTheWayIsAskedAgainAfterTheRequestDelayOnceThePeerIsActive() {
        assertThat(rules.begin(ResourceClasses.NONE, false, 0)).isEmpty();
        assertThat(rules.review(SECOND, true, true)).containsExactly(new Starting());
        assertThat(rules.review(5 * SECOND, true, true)).isEmpty();
        assertThat(rules.review(11 * SECOND, true, true)).containsExactly(new Starting());
    }

    @Test
    void aClassThePeerSaysItHoldsIsGivenUpAndNothingIsGrantedOnceThePeerIsGone() {
        rules.begin(ResourceClasses.ALL, true, 0);
        assertThat(rules.resources(ResourceClasses.LOCAL, true, Optional.of(true), SECOND, true))
                .as("its local groups are our foreign ones").containsExactly(
                        new Held(ResourceClasses.LOCAL, false));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.LOCAL);
        assertThat(rules.peerHolds()).isEqualTo(ResourceClasses.FOREIGN);
        rules.end();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
        assertThat(rules.starting(true)).as("not speaking").isEmpty();
    }

    @Test
    void aPartialUpdateAddsToWhatThePeerHoldsAndNoneClearsIt() {
        rules.begin(ResourceClasses.NONE, false, 0);
        rules.resources(ResourceClasses.LOCAL, true, Optional.of(false), SECOND, true);
        rules.resources(ResourceClasses.FOREIGN, false, Optional.empty(), SECOND, true);
        assertThat(rules.peerHolds()).isEqualTo(ResourceClasses.ALL);
        rules.resources(ResourceClasses.NONE, false, Optional.empty(), SECOND, true);
        assertThat(rules.peerHolds()).isEqualTo(ResourceClasses.NONE);
    }

    /** As heartbeat's node that took everything over says all, a class without groups is held along with the other. */
    @Test
    void theGroupsHeldHereByClass() {
        GroupClasses seed = new GroupClasses(Set.of(), Set.of("g0"));
        assertThat(seed.of(Set.of())).isEqualTo(ResourceClasses.NONE);
        assertThat(seed.of(Set.of("g0"))).isEqualTo(ResourceClasses.ALL);
        assertThat(seed.groups(ResourceClasses.LOCAL)).isEmpty();
        GroupClasses both = new GroupClasses(Set.of("g1"), Set.of("g0"));
        assertThat(both.of(Set.of("g0", "elsewhere"))).isEqualTo(ResourceClasses.FOREIGN);
        assertThat(both.groups(ResourceClasses.ALL)).containsExactly("g0", "g1");
    }

    /**
     * The peer's hb_standby (the recorded exchange): it asks with "me", this node says "other", the peer releases and
     * says "done", this node takes the groups and says "done" and its holdings once they run.
     */
    @Test
    void thePeersStandbyHandsItsGroupsOverInThreePhases() {
        rules.begin(ResourceClasses.NONE, true, 0);
        rules.resources(ResourceClasses.ALL, true, Optional.of(true), SECOND, true);
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "me", true))
                .containsExactly(new NiceFailback.Ask("all", "other"));
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "me", true)).as("asked twice").isEmpty();
        rules.resources(ResourceClasses.NONE, true, Optional.of(false), 2 * SECOND, true);
        assertThat(rules.granted()).as("not before the peer's done").isEqualTo(ResourceClasses.NONE);
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "done", true)).isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
        assertThat(rules.review(3 * SECOND, false, true)).as("still starting them").isEmpty();
        assertThat(rules.review(4 * SECOND, true, true)).containsExactly(new NiceFailback.Ask("all", "done"),
                new Held(ResourceClasses.ALL, true));
    }

    /** auto_failback on: the peer holding this node's local groups hands them back ("foreign" in its terms). */
    @Test
    void thePeersAutoFailbackHandsThisNodesOwnGroupsBackAndAnUnstablePeerIsRefused() {
        rules.begin(ResourceClasses.NONE, true, 0);
        rules.resources(ResourceClasses.ALL, true, Optional.of(false), SECOND, true);
        assertThat(rules.askResources(ResourceClasses.FOREIGN, "foreign", "me", true)).as("not settled yet").isEmpty();
        rules.resources(ResourceClasses.ALL, true, Optional.of(true), SECOND, true);
        assertThat(rules.askResources(ResourceClasses.FOREIGN, "foreign", "me", false)).as("changing here").isEmpty();
        assertThat(rules.askResources(ResourceClasses.FOREIGN, "foreign", "me", true))
                .containsExactly(new NiceFailback.Ask("foreign", "other"));
        rules.askResources(ResourceClasses.FOREIGN, "foreign", "done", true);
        assertThat(rules.granted()).isEqualTo(ResourceClasses.LOCAL);
        assertThat(rules.peerHolds()).isEqualTo(ResourceClasses.FOREIGN);
    }

    @Test
    void heartbeatsWordsAndTheirMirror() {
        for (String word : new String[] {"none", "local", "foreign", "all"}) {
            assertThat(ResourceClasses.of(word).orElseThrow().word()).isEqualTo(word);
        }
        assertThat(ResourceClasses.of("everything")).isEmpty();
        assertThat(ResourceClasses.LOCAL.mirrored()).isEqualTo(ResourceClasses.FOREIGN);
        assertThat(ResourceClasses.ALL.mirrored()).isEqualTo(ResourceClasses.ALL);
    }
}
