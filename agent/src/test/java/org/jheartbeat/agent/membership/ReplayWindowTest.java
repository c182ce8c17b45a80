package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private final ReplayWindow window = new ReplayWindow();

    @Test
    void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
        assertThat(window.accept(100, 5)).isTrue();
        assertThat(window.accept(100, 7)).isTrue();
        assertThat(window.accept(100, 6)).as("late but new").isTrue();
        assertThat(window.accept(100, 6)).as("replayed").isFalse();
        assertThat(window.accept(100, 7)).as("replayed").isFalse();
    }

    @Test
    void refusesWhatFellOutOfTheWindow() {
        window.accept(100, 5000);
        assertThat(window.accept(100, 5000 - ReplayWindow.WIDTH)).isFalse();
        assertThat(window.accept(100, 5000 - ReplayWindow.WIDTH + 1)).isTrue();
    }

    @Test
    void aBurstOvertakenByHundredsOfLaterPacketsIsStillAcceptedOnce() {
        for (long counter = 300; counter < 900; counter++) {
            assertThat(window.accept(7, counter)).isTrue();
        }
        for (long counter = 0; counter < 300; counter++) {
            assertThat(window.accept(7, counter)).as("late packet %d", counter).isTrue();
        }
        for (long counter = 0; counter < 900; counter += 50) {
            assertThat(window.accept(7, counter)).as("replayed %d", counter).isFalse();
        }
    }

    @Test
    void slotsReusedAfterTheWindowMovedOnAreNewAgain() {
        for (long counter = 0; counter < 3 * ReplayWindow.WIDTH; counter++) {
            assertThat(window.accept(7, counter)).isTrue();
        }
        assertThat(window.accept(7, 2 * ReplayWindow.WIDTH + 5)).as("replayed within the window").isFalse();
        assertThat(window.accept(7, 5 * ReplayWindow.WIDTH)).as("a jump ahead").isTrue();
        assertThat(window.accept(7, 5 * ReplayWindow.WIDTH - 3)).as("skipped by the jump, still in the window").isTrue();
    }

    @Test
    void aRestartIsAcceptedButAnEarlierRunIsAReplay() {
        window.accept(100, 50);
        assertThat(window.accept(200, 0)).as("restarted sender").isTrue();
        assertThat(window.accept(100, 51)).as("packet of the earlier run").isFalse();
        assertThat(window.accept(200, 1)).isTrue();
    }

    @Test
    void refusesNegativeCounters() {
        assertThat(window.accept(1, -1)).isFalse();
    }
}
