package org.jheartbeat.harness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A simulated machine's clock: the system's, moved forward when the machine was frozen for a while. */
public final class SkewableClock extends Clock {

    private final AtomicLong skewMillis = new AtomicLong();

    void jump(Duration by) {
        skewMillis.addAndGet(by.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated machine's clock has one zone, UTC");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + skewMillis.get());
    }
}
