package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureDetectionTest {

    @ParameterizedTest(name = "keepalive {0} ms, deadtime {1} ms -> FD_ALL3 {2}/{3} ms, verify {4} ms")
    @CsvSource({
            "2000, 10000, 2000, 7250, 500",
            "1000, 30000, 1000, 28250, 500",
            "200, 1000, 200, 650, 100",
            "100, 500, 100, 325, 50",
            // deadtime barely above two keepalives: the timeout still exceeds an interval
            "1000, 2100, 1000, 1001, 500"})
    void leavesRoomForTheCheckIntervalAndTheVerification(long keepalive, long deadtime, long interval, long suspect,
                                                         long verify) {
        FailureDetection detection = FailureDetection.of(new Timing(Duration.ofMillis(keepalive),
                Duration.ofMillis(deadtime / 2), Duration.ofMillis(deadtime), Duration.ofMillis(deadtime)));

        assertThat(detection).isEqualTo(new FailureDetection(Duration.ofMillis(interval), Duration.ofMillis(suspect),
                Duration.ofMillis(verify), Duration.ofMillis(deadtime / 2)));
    }
}
