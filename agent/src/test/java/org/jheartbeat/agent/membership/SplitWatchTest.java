package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitWatchTest {

    private static final Duration PATIENCE = Duration.ofSeconds(6);
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final SplitWatch watch = new SplitWatch(PATIENCE);

    @Test
    void aLoneNodeThatKeepsHearingOthersRejoinsAfterThePatienceThenWaitsTwiceAsLongEachTimeUpToEightPatiences() {
        Set<String> heard = Set.of("alpha", "gamma");
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 0)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 6 * SECOND - 1)).as("within the patience").isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 6 * SECOND)).containsExactly("alpha", "gamma");
        long since = 7 * SECOND;
        for (long wait : new long[] {12, 24, 48, 48}) {
            assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, since)).as("counting again").isEmpty();
            assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, since + wait * SECOND - 1))
                    .as("within %d s", wait).isEmpty();
            assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, since + wait * SECOND))
                    .as("after %d s", wait).containsExactly("alpha", "gamma");
            since += (wait + 1) * SECOND;
        }
    }

    @Test
    void nodesHeardAgainOutsideTheViewNudgeTheMergeForThreeChecksThenAgainAfterTheyWentQuiet() {
        Set<String> view = Set.of("alpha", "beta");
        assertThat(watch.nudgeMerge("alpha", view, Set.of("beta"))).as("nobody outside the view").isFalse();
        for (int check = 1; check <= 3; check++) {
            assertThat(watch.nudgeMerge("alpha", view, Set.of("beta", "gamma"))).as("check %d", check).isTrue();
        }
        for (int check = 4; check <= 10; check++) {
            assertThat(watch.nudgeMerge("alpha", view, Set.of("beta", "gamma")))
                    .as("check %d: JGroups' rounds and the rejoin take over", check).isFalse();
        }
        assertThat(watch.nudgeMerge("alpha", view, Set.of())).as("gamma quiet").isFalse();
        assertThat(watch.nudgeMerge("alpha", view, Set.of("gamma"))).as("gamma heard again").isTrue();
    }

    @Test
    void theMergeNudgeSidesWithNeitherSide() {
        assertThat(watch.nudgeMerge("alpha", Set.of("alpha", "gamma"), Set.of("beta")))
                .as("the side that stays asks too: its coordinator may lead the merge").isTrue();
        assertThat(new SplitWatch(PATIENCE).nudgeMerge("beta", Set.of("beta"), Set.of("alpha", "gamma"))).isTrue();
    }

    @Test
    void aNodeWithPeersInItsViewThatHoldTheFirstNameOrHearingNobodyElseNeverRejoins() {
        for (long second = 0; second <= 60; second++) {
            assertThat(watch.rejoinNow("beta", Set.of("alpha", "beta"), Set.of("gamma", "delta"), second * SECOND))
                    .as("two against two: gamma and delta come to alpha's side").isEmpty();
            assertThat(new SplitWatch(PATIENCE).rejoinNow("alpha", Set.of("alpha", "gamma"), Set.of("beta", "gamma"),
                    second * SECOND)).as("beta alone comes to alpha's side").isEmpty();
            assertThat(new SplitWatch(PATIENCE).rejoinNow("beta", Set.of("beta"), Set.of("beta"), second * SECOND))
                    .isEmpty();
        }
    }

    @Test
    void theLoneNodeWhoseNameSortsFirstWaitsTwiceAsLongSoTheOthersComeToIt() {
        assertThat(watch.rejoinNow("alpha", Set.of("alpha"), Set.of("beta"), 0)).isEmpty();
        assertThat(watch.rejoinNow("alpha", Set.of("alpha"), Set.of("beta"), 6 * SECOND)).isEmpty();
        assertThat(watch.rejoinNow("alpha", Set.of("alpha"), Set.of("beta"), 12 * SECOND)).containsExactly("beta");
    }

    @Test
    void aSideOfSeveralWithoutTheFirstNameRejoinsAfterThreePatiencesLeavingLoneNodesTimeToComeFirst() {
        Set<String> side = Set.of("gamma", "delta");
        Set<String> heard = Set.of("alpha", "beta", "delta");
        assertThat(watch.rejoinNow("gamma", side, heard, 0)).isEmpty();
        assertThat(watch.rejoinNow("gamma", side, heard, 18 * SECOND - 1)).as("two against two, within 18 s")
                .isEmpty();
        assertThat(watch.rejoinNow("gamma", side, heard, 18 * SECOND)).containsExactly("alpha", "beta");
        assertThat(watch.rejoinNow("gamma", side, heard, 19 * SECOND)).isEmpty();
        assertThat(watch.rejoinNow("gamma", side, heard, 55 * SECOND - 1)).as("twice as long").isEmpty();
        assertThat(watch.rejoinNow("gamma", side, heard, 55 * SECOND)).containsExactly("alpha", "beta");

        SplitWatch againstAlphaAlone = new SplitWatch(PATIENCE);
        Set<String> three = Set.of("beta", "gamma", "delta");
        assertThat(againstAlphaAlone.rejoinNow("delta", three, Set.of("alpha", "beta", "gamma"), 0)).isEmpty();
        assertThat(againstAlphaAlone.rejoinNow("delta", three, Set.of("alpha", "beta", "gamma"), 12 * SECOND))
                .as("alpha, alone, rejoins at 12 s").isEmpty();
        assertThat(againstAlphaAlone.rejoinNow("delta", three, Set.of("alpha", "beta", "gamma"), 18 * SECOND))
                .as("had it not").containsExactly("alpha");
    }

    @Test
    void aNodeRejoinsWithItsSideAtOnceUnlessItsSideHoldsTheFirstName() {
        assertThat(watch.rejoinWithSide("delta", Set.of("gamma", "delta"), Set.of("alpha", "beta", "gamma")))
                .containsExactly("alpha", "beta");
        assertThat(watch.rejoinWithSide("beta", Set.of("alpha", "beta"), Set.of("alpha", "gamma"))).isEmpty();
        assertThat(watch.rejoinWithSide("delta", Set.of("gamma", "delta"), Set.of("gamma"))).as("nobody outside")
                .isEmpty();
    }

    @Test
    void hearingNobodyOutsideTheViewEndsTheCountAndTheLongerWaits() {
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 0)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 6 * SECOND)).containsExactly("alpha");
        assertThat(watch.rejoinNow("beta", Set.of("alpha", "beta"), Set.of("alpha"), 7 * SECOND)).as("merged")
                .isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 10 * SECOND)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of(), 15 * SECOND)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 16 * SECOND)).as("counting from 16 s")
                .isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 22 * SECOND)).as("the patience again")
                .containsExactly("alpha");
    }
}
