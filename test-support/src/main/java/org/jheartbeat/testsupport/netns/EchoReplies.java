package org.jheartbeat.testsupport.netns;

import java.time.Duration;
import java.util.Optional;

/** When an address answered pings from a lab node, in {@link System#nanoTime()} terms. */
public interface EchoReplies extends AutoCloseable {

    /** The arrival time of the first echo reply at or after {@code sinceNanos}, waiting for one at most {@code wait}. */
    Optional<Long> firstReplyAfter(long sinceNanos, Duration wait) throws InterruptedException;

    /** What ping printed, for a failure message. */
    String output();

    @Override
    void close();
}
