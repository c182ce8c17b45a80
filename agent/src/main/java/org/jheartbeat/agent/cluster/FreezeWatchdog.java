package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.time.Duration;

/**
 * Tells a node that was frozen for longer than deadtime (SIGSTOP, a paused VM, a machine that did not get the CPU):
 * its peers have declared it dead by now. The keepalive tick notices a gap between two ticks; the loop notices
 * the tick's silence, in case it runs first after the freeze. Both measure on the monotonic clock, so a step of the
 * wall clock (NTP, {@code date -s}, a VM's clock set on resume) is no freeze, whichever way and however far.
 */
final class FreezeWatchdog {

    private final Ticker ticker;
    private final long deadtimeNanos;
    private volatile boolean frozen;
    private volatile long lastTick;

    FreezeWatchdog(Ticker ticker, Duration deadtime) {
        this.ticker = ticker;
        this.deadtimeNanos = deadtime.toNanos();
        this.lastTick = ticker.read();
    }

    /** Counts from now: start-up (startup checks, first status probes) may take longer than deadtime. */
    void restart() {
        lastTick = ticker.read();
    }

    /** On the tick's thread, every keepalive. */
    void tick() {
        long now = ticker.read();
        if (now - lastTick > deadtimeNanos) {
            frozen = true;
        }
        lastTick = now;
    }

    /** Whether the node has been frozen past deadtime; true once per freeze. */
    boolean thawed() {
        long now = ticker.read();
        if (!frozen && now - lastTick <= deadtimeNanos) {
            return false;
        }
        frozen = false;
        lastTick = now;
        return true;
    }
}
