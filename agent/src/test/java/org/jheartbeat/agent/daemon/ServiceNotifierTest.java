package org.jheartbeat.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.agent.logging.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify's datagrams, received on a real Unix datagram socket standing where systemd's would be. */
class ServiceNotifierTest {

    private static final long PID = 4242;

    @TempDir
    Path dir;

    @Test
    void readyCarriesTheStatusAndSetsSystemdsWatchdogToDeadtime() {
        Path socket = dir.resolve("notify");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString(),
                     "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", Long.toString(PID)), PID)) {
            notifier.ready("node alpha: 1 groups", Duration.ofMillis(1500));
            notifier.alive();
            notifier.alive();
            notifier.stopping("stopping every group", Duration.ofMinutes(45));
            notifier.stopping("stopping every group", OperationTimeouts.UNBOUNDED);
            notifier.stopping("restarting in place", Duration.ZERO);

            assertThat(notifier.watchdogEnabled()).isTrue();
            assertThat(systemd.queuedText()).as("a stop that may outlast TimeoutStopSec extends it; one without a"
                    + " bound, or a restart, leaves the unit's").containsExactly(
                    "READY=1\nSTATUS=node alpha: 1 groups\nWATCHDOG_USEC=1500000\n",
                    "WATCHDOG=1\n", "WATCHDOG=1\n",
                    "STOPPING=1\nEXTEND_TIMEOUT_USEC=2700000000\nSTATUS=stopping every group\n",
                    "STOPPING=1\nSTATUS=stopping every group\n", "STOPPING=1\nSTATUS=restarting in place\n");
        }
    }

    @Test
    void withoutWatchdogSecReadyAloneIsSentAndNoPings() {
        Path socket = dir.resolve("notify");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()),
                     PID)) {
            notifier.ready("up", Duration.ofSeconds(30));
            notifier.alive();

            assertThat(notifier.watchdogEnabled()).isFalse();
            assertThat(systemd.queuedText()).containsExactly("READY=1\nSTATUS=up\n");
        }
    }

    @Test
    void aWatchdogSetForAnotherProcessIsNotThisOnesToFeed() {
        Path socket = dir.resolve("notify");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString(),
                     "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "1"), PID)) {
            notifier.alive();

            assertThat(notifier.watchdogEnabled()).isFalse();
            assertThat(systemd.queued()).isEmpty();
        }
    }

    @Test
    void anAbstractSocketNameIsReached() {
        Path socket = Path.of("@jheartbeat-notify-test-" + UUID.randomUUID());
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(socket);
             ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.toString()),
                     PID)) {
            notifier.ready("up", Duration.ofSeconds(30));

            assertThat(systemd.queuedText()).containsExactly("READY=1\nSTATUS=up\n");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() {
        try (ServiceNotifier notifier = ServiceNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), PID)) {
            notifier.ready("up", Duration.ofSeconds(30));
            notifier.alive();

            assertThat(notifier.watchdogEnabled()).isFalse();
        }
    }
}
