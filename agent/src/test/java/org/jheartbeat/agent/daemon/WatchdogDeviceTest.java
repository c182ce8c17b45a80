package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ha.cf's watchdog device as heartbeat 3.0.6 drives it, against a file standing where the device would be (a real
 * watchdog device would reset this machine): what is written to it, and heartbeat's timer.
 */
class WatchdogDeviceTest {

    @TempDir
    Path dir;

    @Test
    void isFedOneNulByteAtOpeningAndEachFeedAndClosedWithTheMagicV() throws Exception {
        Path device = dir.resolve("watchdog");
        Files.createFile(device);

        try (WatchdogDevice watchdog = WatchdogDevice.open(Optional.of(device), Duration.ofSeconds(30)).orElseThrow()) {
            watchdog.feed();
            watchdog.feed();
        }

        assertThat(Files.readAllBytes(device)).containsExactly(0, 0, 0, 'V');
    }

    @Test
    void aClosedDeviceIsNeitherFedNorClosedAgain() throws Exception {
        Path device = dir.resolve("watchdog");
        Files.createFile(device);
        WatchdogDevice watchdog = WatchdogDevice.open(Optional.of(device), Duration.ofSeconds(30)).orElseThrow();

        watchdog.close();
        watchdog.feed();
        watchdog.close();

        assertThat(Files.readAllBytes(device)).containsExactly(0, 'V');
    }

    @Test
    void aDeviceThatCannotBeOpenedLeavesTheAgentWithoutOneAndNoneIsOpenedUnlessNamed() {
        assertThat(WatchdogDevice.open(Optional.of(dir.resolve("missing/watchdog")), Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(WatchdogDevice.open(Optional.empty(), Duration.ofSeconds(30))).isEmpty();
    }

    /** heartbeat's hb_init_watchdog: deadtime plus 10 ms, in whole seconds rounded up. */
    @Test
    void theTimerIsHeartbeatsDeadtimeInWholeSeconds() {
        assertThat(WatchdogDevice.timerSeconds(Duration.ofSeconds(30))).isEqualTo(31);
        assertThat(WatchdogDevice.timerSeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(WatchdogDevice.timerSeconds(Duration.ofMillis(980))).isEqualTo(1);
    }
}
