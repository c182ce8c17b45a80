package org.jheartbeat.testsupport;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A machine's two clocks as a test moves them: the wall clock (this {@link Clock}) and the monotonic clock
 * ({@link #ticker()}), which code that measures elapsed time reads. Either both stand still from a start instant
 * until moved, or both follow the system's (a simulated machine's). {@link #advance} moves both, as time passing
 * while the machine was frozen does; {@link #step} moves the wall clock alone, forward or back, as an NTP step or
 * an operator's {@code date -s} does, and leaves elapsed time alone.
 */
public final class ManualClock extends Clock {

    private final Clock base;
    private final boolean followsSystem;
    private final AtomicLong movedNanos = new AtomicLong();
    private final AtomicLong steppedNanos = new AtomicLong();
    private final Ticker ticker = new Ticker() {
        @Override
        public long read() {
            return (followsSystem ? System.nanoTime() : 0) + movedNanos.get();
        }
    };

    /** Stands at {@code start} until moved. */
    public ManualClock(Instant start) {
        this.base = Clock.fixed(start, ZoneOffset.UTC);
        this.followsSystem = false;
    }

    /** Runs as the system's clocks do, plus every move. */
    public static ManualClock followingSystem() {
        return new ManualClock();
    }

    private ManualClock() {
        this.base = Clock.systemUTC();
        this.followsSystem = true;
    }

    /** Time passes: both clocks move forward by {@code by}. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not pass backwards: " + by + " (a wall-clock step is step())");
        }
        movedNanos.addAndGet(by.toNanos());
    }

    /** The wall clock is set {@code by} forward (or back, when negative); elapsed time is unchanged. */
    public void step(Duration by) {
        steppedNanos.addAndGet(by.toNanos());
    }

    /** The monotonic clock, in nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock has one zone, UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plusNanos(movedNanos.get() + steppedNanos.get());
    }
}
