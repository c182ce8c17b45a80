package org.jheartbeat.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test moves forward, for code that takes its time from a {@link Clock}: one that stands still from a
 * start instant until moved, or one that follows another clock (a simulated machine's, that jumps when the
 * machine was frozen).
 */
public final class ManualClock extends Clock {

    private final Clock base;
    private final AtomicLong movedNanos = new AtomicLong();

    /** Stands at {@code start} until moved. */
    public ManualClock(Instant start) {
        this(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** Runs as {@code base} does, plus every move. */
    public ManualClock(Clock base) {
        this.base = base;
    }

    public void advance(Duration by) {
        movedNanos.addAndGet(by.toNanos());
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
        return base.instant().plusNanos(movedNanos.get());
    }
}
