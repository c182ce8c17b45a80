package org.jheartbeat.agent.cluster;

import java.time.Clock;
import java.time.Duration;

/**
 * Tells a node that was frozen for longer than deadtime (SIGSTOP, a paused VM, a clock stepped forward): its
 * peers have declared it dead by now. The keepalive tick notices a gap between two ticks; the loop notices
 * the tick's silence, in case it runs first after the freeze.
 */
final class FreezeWatchdog {

    private final Clock clock;
    private final long deadtimeMillis;
    private volatile boolean frozen;
    private volatile long lastTick;

    FreezeWatchdog(Clock clock, Duration deadtime) {
        this.clock = clock;
        this.deadtimeMillis = deadtime.toMillis();
        this.lastTick = clock.millis();
    }

    /** Counts from now: start-up (startup checks, first status probes) may take longer than deadtime. */
    void restart() {
        lastTick = clock.millis();
    }

    /** On the tick's thread, every keepalive. */
    void tick() {
        long now = clock.millis();
        if (now - lastTick > deadtimeMillis) {
            frozen = true;
        }
        lastTick = now;
    }

    /** Whether the node has been frozen past deadtime; true once per freeze. */
    boolean thawed() {
        long now = clock.millis();
        if (!frozen && now - lastTick <= deadtimeMillis) {
            return false;
        }
        frozen = false;
        lastTick = now;
        return true;
    }
}
