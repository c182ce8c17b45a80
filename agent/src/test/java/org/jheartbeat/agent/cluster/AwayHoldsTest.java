package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jheartbeat.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * What the peers hold for a node that is away while its resources may run there: while its guard releases what its
 * dead agent left running, every group, until the guard says released or its bound runs out; a restart in place's
 * groups, which the guard's released word also ends; and nothing for a node that said nothing (a power loss).
 */
class AwayHoldsTest {

    private static final Set<String> GROUPS = Set.of("g1", "g2");
    private static final long GENERATION = 41;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T05:00:00Z"));
    private final AwayHolds holds = new AwayHolds(clock.ticker());

    private void advance(Duration by) {
        clock.advance(by);
    }

    @Test
    void aSilentDeathHoldsNothing() {
        assertThat(holds.held(Set.of("beta"))).isEmpty();
        assertThat(holds.away(Set.of("beta"))).isEmpty();
    }

    @Test
    void aReleasingGuardHoldsEveryGroupOnceItsNodeLeftTheViewUntilItSaysReleased() {
        holds.releasing("alpha", new ClusterMessage.GuardReleasing(GENERATION, 65_000), GROUPS);
        assertThat(holds.held(Set.of("alpha", "beta"))).as("alpha still a member: it holds what it reports").isEmpty();
        assertThat(holds.held(Set.of("beta"))).isEqualTo(GROUPS);
        advance(Duration.ofSeconds(3));
        assertThat(holds.released("alpha", new ClusterMessage.GuardReleased(GENERATION))).isTrue();
        assertThat(holds.held(Set.of("beta"))).isEmpty();
        holds.releasing("alpha", new ClusterMessage.GuardReleasing(GENERATION, 65_000), GROUPS);
        assertThat(holds.held(Set.of("beta"))).as("a late copy of the releasing word, after released").isEmpty();
        assertThat(holds.released("alpha", new ClusterMessage.GuardReleased(GENERATION))).as("no news").isFalse();
    }

    @Test
    void aGuardThatNeverSaysReleasedHoldsForItsBoundOnly() {
        holds.releasing("alpha", new ClusterMessage.GuardReleasing(GENERATION, 65_000), GROUPS);
        advance(Duration.ofMillis(64_999));
        assertThat(holds.held(Set.of("beta"))).isEqualTo(GROUPS);
        assertThat(holds.away(Set.of("beta")).get("alpha").left()).isEqualTo(Duration.ofMillis(1));
        advance(Duration.ofMillis(1));
        assertThat(holds.held(Set.of("beta"))).as("by now every stop ended, or a failed one fenced alpha").isEmpty();
    }

    @Test
    void theReleasedWordEndsARestartHoldThatWouldOutlastIt() {
        holds.restarting("alpha", new ClusterMessage.Restarting(Set.of("g1"), 30_000, 65_000));
        advance(Duration.ofSeconds(2));
        // The new agent claimed g1 and was killed before joining: its guard (a later generation) releases it.
        holds.releasing("alpha", new ClusterMessage.GuardReleasing(GENERATION + 1, 65_000), GROUPS);
        assertThat(holds.held(Set.of("beta"))).isEqualTo(GROUPS);
        assertThat(holds.away(Set.of("beta")).get("alpha").left()).as("the longer of the two bounds")
                .isEqualTo(Duration.ofMillis(93_000));
        assertThat(holds.released("alpha", new ClusterMessage.GuardReleased(GENERATION + 1))).isTrue();
        assertThat(holds.held(Set.of("beta"))).isEmpty();
    }

    @Test
    void aNodeBackInTheViewEndsItsHold() {
        holds.releasing("alpha", new ClusterMessage.GuardReleasing(GENERATION, 65_000), GROUPS);
        holds.returned("alpha");
        assertThat(holds.held(Set.of("beta"))).isEmpty();
    }
}
