package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling to a deadline: scenarios wait for what the cluster should do, never a bare sleep. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Polls {@code probe} until it answers something, or {@code wait} has passed (empty then). */
    public static <T> Optional<T> until(Duration wait, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent() || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Polls until {@code condition} holds; false when {@code wait} passed first. */
    public static boolean condition(Duration wait, Supplier<Boolean> condition) throws InterruptedException {
        return until(wait, () -> condition.get() ? Optional.of(true) : Optional.empty()).isPresent();
    }

    public static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
