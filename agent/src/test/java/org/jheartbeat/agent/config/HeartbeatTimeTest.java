package org.jheartbeat.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatTimeTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
            "2, 2000", "1.5, 1500", ".5, 500", "0.1, 100", "10, 10000",
            "200ms, 200", "2000ms, 2000", "500MS, 500", "500msec, 500",
            "1000000us, 1000", "2s, 2000", "1.5sec, 1500", "0, 0"})
    void readsHeartbeatTimeSyntax(String text, long millis) {
        assertThat(HeartbeatTime.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "2m", "10min", "1.2.3", "ms", "2 ms", "1e3", "99999999999999999999"})
    void refusesWhatIsNotATime(String text) {
        assertThat(HeartbeatTime.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2000, 2s", "1500, 1500ms", "200, 200ms", "0, 0s"})
    void formatsTheShortestWay(long millis, String text) {
        assertThat(HeartbeatTime.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
