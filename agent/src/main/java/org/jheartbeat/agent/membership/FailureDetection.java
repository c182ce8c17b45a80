package org.jheartbeat.agent.membership;

import java.time.Duration;
import org.jheartbeat.agent.config.Timing;

/**
 * When a silent node is dead, from ha.cf's timings, as heartbeat declares it: once nothing has been heard from it for
 * deadtime, never earlier, and at most one check later ({@link DeadtimeDetector}).
 *
 * @param heartbeatInterval how often this node sends a heartbeat when it sent nothing else: ha.cf's keepalive
 * @param deadtime          the silence after which a node is dead
 * @param checkInterval     how often the silences are checked: a twentieth of deadtime, between 1 and 50 ms, so a
 *                          death is declared at most that long after deadtime (5 % of it, or 50 ms)
 * @param warntime          silence after which a late heartbeat is logged
 */
public record FailureDetection(Duration heartbeatInterval, Duration deadtime, Duration checkInterval,
                               Duration warntime) {

    static final long LONGEST_CHECK_INTERVAL_MILLIS = 50;

    public static FailureDetection of(Timing timing) {
        long check = Math.max(1, Math.min(LONGEST_CHECK_INTERVAL_MILLIS, timing.deadtime().toMillis() / 20));
        return new FailureDetection(timing.keepalive(), timing.deadtime(), Duration.ofMillis(check), timing.warntime());
    }
}
