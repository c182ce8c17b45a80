package org.jheartbeat.agent.daemon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.agent.logging.UnixDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent tells systemd (sd_notify(3), the unit's {@code Type=notify}): {@code READY=1} once the configuration
 * is accepted and the links are up, so {@code systemctl start} waits for that and fails when the agent exits
 * first; {@code WATCHDOG=1} at every keepalive while the unit has {@code WatchdogSec}; {@code STOPPING=1} when it
 * begins to stop. Each message is one datagram to {@code $NOTIFY_SOCKET}; without that variable (the init script, a
 * shell) there is no service manager to tell, and nothing is sent.
 */
public final class ServiceNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);

    private final Optional<UnixDatagramSocket> socket;
    private final Optional<Duration> watchdog;

    private ServiceNotifier(Optional<UnixDatagramSocket> socket, Optional<Duration> watchdog) {
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /**
     * From the variables systemd sets: {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC} with {@code WATCHDOG_PID},
     * which name the process that must ping (when another process set them, they are not this one's to keep).
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> environment, long pid) {
        Optional<UnixDatagramSocket> socket = Optional.ofNullable(environment.get("NOTIFY_SOCKET"))
                .filter(path -> !path.isEmpty()).map(path -> new UnixDatagramSocket(Path.of(path)));
        Optional<Duration> watchdog = Optional.ofNullable(environment.get("WATCHDOG_USEC"))
                .filter(usec -> Optional.ofNullable(environment.get("WATCHDOG_PID"))
                        .map(watchdogPid -> watchdogPid.equals(Long.toString(pid))).orElse(true))
                .flatMap(ServiceNotifier::microseconds);
        return new ServiceNotifier(socket, watchdog);
    }

    private static Optional<Duration> microseconds(String value) {
        try {
            long usec = Long.parseLong(value.trim());
            return usec > 0 ? Optional.of(Duration.ofNanos(usec * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC={} is no number of microseconds: systemd's watchdog is not fed", value);
            return Optional.empty();
        }
    }

    /** Whether systemd watches this agent ({@code WatchdogSec} in the unit). */
    public boolean watchdogEnabled() {
        return socket.isPresent() && watchdog.isPresent();
    }

    /**
     * The agent runs. With systemd's watchdog on, its timeout becomes {@code deadtime}, as heartbeat sets a watchdog
     * device's to deadtime: an agent that stops feeding it for that long has been declared dead by its peers, and
     * systemd ends it (the unit's WatchdogSignal) so that nothing it started runs on unsupervised.
     */
    public void ready(String status, Duration deadtime) {
        StringBuilder message = new StringBuilder("READY=1\nSTATUS=").append(status).append('\n');
        if (watchdog.isPresent()) {
            message.append("WATCHDOG_USEC=").append(deadtime.toNanos() / 1000).append('\n');
        }
        send(message.toString());
    }

    /** Called at every keepalive by the loop that decides: a hung loop stops feeding systemd. */
    public void alive() {
        if (watchdog.isPresent()) {
            send("WATCHDOG=1\n");
        }
    }

    /**
     * The agent waits for something before it goes on ({@code status} says what): systemd waits {@code atLeast} more
     * from now before it counts the start or stop as hung ({@code EXTEND_TIMEOUT_USEC}).
     */
    public void waiting(String status, Duration atLeast) {
        send("EXTEND_TIMEOUT_USEC=" + atLeast.toNanos() / 1000 + "\nSTATUS=" + status + "\n");
    }

    /**
     * The agent begins to stop its groups, which may take up to {@code mayTake}: systemd waits that long at least
     * ({@code EXTEND_TIMEOUT_USEC}; the unit's {@code TimeoutStopSec} stays the least), so a stop that is still retrying
     * is never cut short. Without a bound (a site's script without a time limit), or with nothing to wait for
     * ({@link Duration#ZERO}: a restart in place), the unit's own timeout stands.
     */
    public void stopping(String status, Duration mayTake) {
        String extend = mayTake.isZero() || mayTake.equals(OperationTimeouts.UNBOUNDED) ? ""
                : "EXTEND_TIMEOUT_USEC=" + mayTake.toNanos() / 1000 + "\n";
        send("STOPPING=1\n" + extend + "STATUS=" + status + "\n");
    }

    private void send(String message) {
        socket.ifPresent(notify -> {
            byte[] datagram = message.getBytes(StandardCharsets.UTF_8);
            if (!notify.send(datagram, datagram.length)) {
                LOG.warn("systemd's notification socket did not take: {}", message.strip().replace('\n', ' '));
            }
        });
    }

    @Override
    public void close() {
        socket.ifPresent(UnixDatagramSocket::close);
    }
}
