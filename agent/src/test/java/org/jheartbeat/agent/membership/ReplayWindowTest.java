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
        window.accept(100, 1000);
        assertThat(window.accept(100, 1000 - 64)).isFalse();
        assertThat(window.accept(100, 1000 - 63)).isTrue();
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
