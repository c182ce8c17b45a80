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
    private final NiceFailback rules = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), false);

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

        NiceFailback other = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), false);
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
    void backFromAPartitionANodeHoldingGroupsAsksAndGivesUpThoseThePeerHoldsToo() {
        assertThat(rules.rejoin(ResourceClasses.ALL, true, 0)).containsExactly(new Starting());
        assertThat(rules.granted()).as("kept until the peer answers").isEqualTo(ResourceClasses.ALL);
        assertThat(rules.resources(ResourceClasses.LOCAL, true, Optional.of(true), SECOND, true))
                .as("the peer kept its own groups: ours are theirs, their foreign ones ours").containsExactly(
                        new Held(ResourceClasses.LOCAL, false));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.LOCAL);

        NiceFailback idle = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), false);
        assertThat(idle.rejoin(ResourceClasses.NONE, true, 0)).as("holding nothing: a plain start")
                .containsExactly(new Starting());
        assertThat(idle.rejoin(ResourceClasses.ALL, false, 0)).as("the peer's communication is not up").isEmpty();
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

    /**
     * This node's hb_standby, as heartbeat's node going standby runs it (hb_resource.c's ask_for_resources and
     * go_standby; the recorded exchanges): it asks with "me"; only on the peer's "other" does it give the groups up,
     * saying what it still holds as not stable (info=standby); it says "done" only once they are stopped here, so
     * the peer starts them after; the peer's "done" ends it, and this node says its holdings as stable.
     */
    @Test
    void thisNodesStandbyStopsItsGroupsOnlyAfterThePeersAgreementAndSaysDoneOnlyOnceTheyAreStopped() {
        rules.begin(ResourceClasses.ALL, true, 0);
        rules.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(rules.standby("all", 2 * SECOND, true)).containsExactly(new NiceFailback.Ask("all", "me"));
        assertThat(rules.granted()).as("nothing given up before the peer agrees").isEqualTo(ResourceClasses.ALL);
        assertThat(rules.standby("all", 2 * SECOND, true)).as("one handover at a time").isEmpty();
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "other", true))
                .containsExactly(new NiceFailback.Releasing(ResourceClasses.NONE));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
        assertThat(rules.review(3 * SECOND, false, true)).as("still stopping them").isEmpty();
        assertThat(rules.review(4 * SECOND, true, true)).containsExactly(new NiceFailback.Ask("all", "done"));
        assertThat(rules.review(5 * SECOND, true, true)).as("said once").isEmpty();
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "done", true))
                .containsExactly(new Held(ResourceClasses.NONE, true));
        assertThat(rules.granted()).isEqualTo(ResourceClasses.NONE);
    }

    /**
     * heartbeat refuses a standby while either side is in flux; asked anyway it would never answer, so this node does
     * not ask then. An ask the peer leaves unanswered (heartbeat's STANDBY_INIT_TO_MS) moves nothing and ends.
     */
    @Test
    void aStandbyIsNotAskedWhileEitherSideIsInFluxAndAnUnansweredOneEndsMovingNothing() {
        assertThat(rules.standby("all", 0, true)).as("not speaking to a peer").isEmpty();
        rules.begin(ResourceClasses.ALL, true, 0);
        assertThat(rules.standby("all", SECOND, true)).as("the peer has not said it is stable").isEmpty();
        rules.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(rules.standby("all", SECOND, false)).as("groups changing here").isEmpty();
        assertThat(rules.standby("local", 2 * SECOND, true)).containsExactly(new NiceFailback.Ask("local", "me"));
        assertThat(rules.review(11 * SECOND, true, true)).isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
        assertThat(rules.review(12 * SECOND, true, true)).isEmpty();
        assertThat(rules.askResources(ResourceClasses.LOCAL, "local", "other", true)).as("too late").isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
        rules.resources(ResourceClasses.NONE, true, Optional.of(true), 13 * SECOND, true);
        assertThat(rules.standby("local", 13 * SECOND, true)).as("asked again")
                .containsExactly(new NiceFailback.Ask("local", "me"));
    }

    /** hb_takeover: heartbeat's t=hb_takeover with the word as typed; the peer's standby then hands the groups over. */
    @Test
    void thisNodesTakeoverAsksThePeerToStandByAndItsStandbyHandsTheGroupsOver() {
        assertThat(rules.takeover("all")).as("not speaking to a peer").isEmpty();
        rules.begin(ResourceClasses.NONE, true, 0);
        rules.resources(ResourceClasses.ALL, true, Optional.of(true), SECOND, true);
        assertThat(rules.takeover("failback")).containsExactly(new NiceFailback.Takeover("failback"));
        assertThat(rules.granted()).as("nothing taken before the peer's standby").isEqualTo(ResourceClasses.NONE);
        assertThat(rules.askResources(ResourceClasses.ALL, "all", "me", true))
                .containsExactly(new NiceFailback.Ask("all", "other"));
        rules.askResources(ResourceClasses.ALL, "all", "done", true);
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
    }

    /**
     * The peer's hb_takeover: as heartbeat's rc.d/hb_takeover runs hb_standby with the mirrored word, this node asks
     * to go standby for the same groups in its own terms.
     */
    @Test
    void thePeersTakeoverMakesThisNodeGoStandbyForTheSameGroupsInItsOwnTerms() {
        rules.begin(ResourceClasses.ALL, true, 0);
        rules.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(rules.peerTakeover("local", 2 * SECOND, true))
                .containsExactly(new NiceFailback.Ask("foreign", "me"));
        for (String[] words : new String[][] {{"foreign", "local"}, {"all", "all"}, {"failback", "all"}}) {
            NiceFailback other = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), false);
            other.begin(ResourceClasses.ALL, true, 0);
            other.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
            assertThat(other.peerTakeover(words[0], 2 * SECOND, true)).as(words[0])
                    .containsExactly(new NiceFailback.Ask(words[1], "me"));
        }
    }

    /**
     * auto_failback on: this node holds the peer's own groups (it took them while the peer was dead); once the peer is
     * back and stable, it hands them back as heartbeat's PerformAutoFailback does: its standby for "foreign". With
     * auto_failback off they stay.
     */
    @Test
    void withAutoFailbackOnThePeersOwnGroupsHeldHereGoBackOnceThePeerIsStable() {
        NiceFailback failingBack = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), true);
        failingBack.begin(ResourceClasses.ALL, true, 0);
        assertThat(failingBack.starting(true)).containsExactly(new Held(ResourceClasses.ALL, true));
        assertThat(failingBack.review(SECOND, true, true)).as("the peer has not said it is stable").isEmpty();
        failingBack.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(failingBack.review(2 * SECOND, false, true)).as("changing here").isEmpty();
        assertThat(failingBack.review(2 * SECOND, true, true))
                .containsExactly(new NiceFailback.Ask("foreign", "me"));
        assertThat(failingBack.askResources(ResourceClasses.FOREIGN, "foreign", "other", true))
                .containsExactly(new NiceFailback.Releasing(ResourceClasses.LOCAL));
        assertThat(failingBack.granted()).isEqualTo(ResourceClasses.LOCAL);
        assertThat(failingBack.review(3 * SECOND, true, true))
                .containsExactly(new NiceFailback.Ask("foreign", "done"));
        failingBack.askResources(ResourceClasses.FOREIGN, "foreign", "done", true);
        assertThat(failingBack.review(4 * SECOND, true, true)).as("handed back once").isEmpty();

        rules.begin(ResourceClasses.ALL, true, 0);
        rules.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(rules.review(2 * SECOND, true, true)).as("auto_failback off").isEmpty();
        assertThat(rules.granted()).isEqualTo(ResourceClasses.ALL);
    }

    /** heartbeat's peer may refuse the failback (its groups in flux): unanswered, it is asked again. */
    @Test
    void anUnansweredFailbackIsAskedAgain() {
        NiceFailback failingBack = new NiceFailback(Duration.ofSeconds(10), Duration.ofSeconds(10), true);
        failingBack.begin(ResourceClasses.ALL, true, 0);
        failingBack.resources(ResourceClasses.NONE, true, Optional.of(true), SECOND, true);
        assertThat(failingBack.review(2 * SECOND, true, true)).containsExactly(new NiceFailback.Ask("foreign", "me"));
        failingBack.review(12 * SECOND, true, true);
        failingBack.resources(ResourceClasses.NONE, true, Optional.of(true), 12 * SECOND, true);
        assertThat(failingBack.review(13 * SECOND, true, true)).containsExactly(new NiceFailback.Ask("foreign", "me"));
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
