package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A node is dead after more than deadtime of silence and at most one check later: the detector's timeout is deadtime
 * itself (nothing is subtracted for a later step: nothing follows the check), and the check runs every twentieth of
 * deadtime, between 1 and 50 ms, so the declaration comes within 5 % of deadtime or 50 ms after it.
 */
class FailureDetectionTest {

    @ParameterizedTest(name = "keepalive {0} ms, deadtime {1} ms -> heartbeats every {0} ms, dead after {1} ms, checked every {2} ms")
    @CsvSource({
            "2000, 10000, 50",
            "200, 1000, 50",
            "1000, 30000, 50",
            "100, 500, 25",
            // the fastest setting the deadtime search tries
            "5, 25, 1"})
    void deadAfterDeadtimeCheckedOftenEnough(long keepalive, long deadtime, long check) {
        FailureDetection detection = FailureDetection.of(new Timing(Duration.ofMillis(keepalive),
                Duration.ofMillis(deadtime / 2), Duration.ofMillis(deadtime), Duration.ofMillis(deadtime)));

        assertThat(detection).isEqualTo(new FailureDetection(Duration.ofMillis(keepalive), Duration.ofMillis(deadtime),
                Duration.ofMillis(check), Duration.ofMillis(deadtime / 2)));
    }
}
