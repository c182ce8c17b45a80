package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jheartbeat.agent.membership.ReplayWindow.Verdict.EARLIER_GENERATION;
import static org.jheartbeat.agent.membership.ReplayWindow.Verdict.NEW;
import static org.jheartbeat.agent.membership.ReplayWindow.Verdict.REPLAYED;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private final ReplayWindow window = new ReplayWindow();

    @Test
    void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
        assertThat(window.accept(100, 5)).isEqualTo(NEW);
        assertThat(window.accept(100, 7)).isEqualTo(NEW);
        assertThat(window.accept(100, 6)).as("late but new").isEqualTo(NEW);
        assertThat(window.accept(100, 6)).as("replayed").isEqualTo(REPLAYED);
        assertThat(window.accept(100, 7)).as("replayed").isEqualTo(REPLAYED);
    }

    @Test
    void refusesWhatFellOutOfTheWindow() {
        window.accept(100, 5000);
        assertThat(window.accept(100, 5000 - ReplayWindow.WIDTH)).isEqualTo(REPLAYED);
        assertThat(window.accept(100, 5000 - ReplayWindow.WIDTH + 1)).isEqualTo(NEW);
    }

    @Test
    void aBurstOvertakenByHundredsOfLaterPacketsIsStillAcceptedOnce() {
        for (long counter = 300; counter < 900; counter++) {
            assertThat(window.accept(7, counter)).isEqualTo(NEW);
        }
        for (long counter = 0; counter < 300; counter++) {
            assertThat(window.accept(7, counter)).as("late packet %d", counter).isEqualTo(NEW);
        }
        for (long counter = 0; counter < 900; counter += 50) {
            assertThat(window.accept(7, counter)).as("replayed %d", counter).isEqualTo(REPLAYED);
        }
    }

    @Test
    void slotsReusedAfterTheWindowMovedOnAreNewAgain() {
        for (long counter = 0; counter < 3 * ReplayWindow.WIDTH; counter++) {
            assertThat(window.accept(7, counter)).isEqualTo(NEW);
        }
        assertThat(window.accept(7, 2 * ReplayWindow.WIDTH + 5)).as("replayed within the window").isEqualTo(REPLAYED);
        assertThat(window.accept(7, 5 * ReplayWindow.WIDTH)).as("a jump ahead").isEqualTo(NEW);
        assertThat(window.accept(7, 5 * ReplayWindow.WIDTH - 3)).as("skipped by the jump, still in the window").isEqualTo(NEW);
    }

    @Test
    void aRestartIsAcceptedButAnEarlierGenerationIsRefused() {
        window.accept(100, 50);
        assertThat(window.accept(200, 0)).as("restarted sender").isEqualTo(NEW);
        assertThat(window.accept(100, 51)).as("packet of the earlier run").isEqualTo(EARLIER_GENERATION);
        assertThat(window.accept(200, 1)).isEqualTo(NEW);
    }

    @Test
    void refusesNegativeCounters() {
        assertThat(window.accept(1, -1)).isEqualTo(REPLAYED);
    }
}
