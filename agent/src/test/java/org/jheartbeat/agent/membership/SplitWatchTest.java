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
    void aLoneNodeThatKeepsHearingOthersRejoinsAfterThePatienceThenWaitsAgain() {
        Set<String> heard = Set.of("alpha", "gamma");
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 0)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 6 * SECOND - 1)).as("within the patience").isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 6 * SECOND)).containsExactly("alpha", "gamma");
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 7 * SECOND)).as("counting again").isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), heard, 13 * SECOND)).containsExactly("alpha", "gamma");
    }

    @Test
    void aNodeWithPeersInItsViewOrHearingNobodyElseNeverRejoins() {
        for (long second = 0; second <= 20; second++) {
            assertThat(watch.rejoinNow("alpha", Set.of("alpha", "gamma"), Set.of("beta", "gamma"), second * SECOND))
                    .as("beta is left out, but alpha is not alone: a merge or beta's rejoin brings it in").isEmpty();
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
    void hearingNobodyOutsideTheViewEndsTheCount() {
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 0)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of(), 5 * SECOND)).isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 6 * SECOND)).as("counting from 6 s")
                .isEmpty();
        assertThat(watch.rejoinNow("beta", Set.of("beta"), Set.of("alpha"), 12 * SECOND)).containsExactly("alpha");
    }
}
