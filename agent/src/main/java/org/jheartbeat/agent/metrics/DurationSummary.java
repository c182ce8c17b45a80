package org.jheartbeat.agent.metrics;

import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A duration's distribution for Prometheus' summary: the Dropwizard timer keeps the count and the quantiles (and
 * serves JMX and hbctl metrics), the exact sum, which the timer's reservoir cannot give, is kept beside it.
 */
final class DurationSummary {

    private final Timer timer;
    private final DoubleAdder sumSeconds = new DoubleAdder();

    DurationSummary(Timer timer) {
        this.timer = timer;
    }

    void update(Duration duration) {
        timer.update(duration);
        sumSeconds.add(duration.toNanos() / 1e9);
    }

    /** Times a block: {@code try (var timed = summary.time()) { ... }}. */
    Timed time() {
        long start = System.nanoTime();
        return () -> update(Duration.ofNanos(System.nanoTime() - start));
    }

    Timer timer() {
        return timer;
    }

    double sumSeconds() {
        return sumSeconds.sum();
    }

    /** A running measurement, recorded when closed. */
    public interface Timed extends AutoCloseable {
        @Override
        void close();
    }
}
