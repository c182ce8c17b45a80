package org.jheartbeat.agent.membership;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * A number that names one run of a node's agent: its start time in milliseconds with 16 random bits below,
 * so a restarted node's incarnation is larger than its last one and two nodes started in the same
 * millisecond still differ. Peers use it to tell a restart from a replay.
 */
public final class Incarnation {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Incarnation() {
    }

    public static long startingNow(Clock clock) {
        return (clock.millis() << 16) | RANDOM.nextInt(1 << 16);
    }
}
