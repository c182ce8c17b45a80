package org.jheartbeat.agent.membership;

import java.time.Duration;
import org.jheartbeat.agent.config.Timing;

/**
 * JGroups failure-detection settings that make a silent node dead after about ha.cf's deadtime.
 * Measured here (testbed JGROUPS.md, and this project's failover benchmark): a member is removed after the
 * FD_ALL3 timeout, plus up to one heartbeat interval (FD_ALL3 checks once an interval), plus about 1.5 times
 * the VERIFY_SUSPECT2 timeout; so the FD_ALL3 timeout is deadtime less those two, but always longer than an
 * interval.
 *
 * @param heartbeatInterval FD_ALL3's interval: ha.cf's keepalive
 * @param suspectTimeout    FD_ALL3's timeout
 * @param verifyTimeout     VERIFY_SUSPECT2's timeout: half a keepalive, between 50 and 500 ms
 * @param warntime          silence after which a late heartbeat is logged
 */
public record FailureDetection(Duration heartbeatInterval, Duration suspectTimeout, Duration verifyTimeout,
                               Duration warntime) {

    public static FailureDetection of(Timing timing) {
        long keepalive = timing.keepalive().toMillis();
        long verify = Math.max(50, Math.min(500, keepalive / 2));
        long suspect = Math.max(keepalive + 1, timing.deadtime().toMillis() - keepalive - verify * 3 / 2);
        return new FailureDetection(Duration.ofMillis(keepalive), Duration.ofMillis(suspect), Duration.ofMillis(verify),
                timing.warntime());
    }
}
