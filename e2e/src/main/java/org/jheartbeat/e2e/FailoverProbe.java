package org.jheartbeat.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.testsupport.netns.PingWatch;

/**
 * Times a failover as the client sees it: the client pings a group's address every 10 ms, the node holding it loses
 * power, and the figure is the first reply after exactly one other node holds the address (a reply read before that
 * may still be the old holder's).
 *
 * @param failureNanos  {@link System#nanoTime()} of the power loss
 * @param newHolder     the node that holds the address afterwards, if one did within the wait
 * @param answersMillis from the power loss to the first reply from the new holder, if one came within the wait
 */
record FailoverProbe(long failureNanos, Optional<String> newHolder, Optional<Long> answersMillis) {

    private static final Duration PING_INTERVAL = Duration.ofMillis(10);

    static FailoverProbe powerOff(ClusterLab cluster, String node, String vip, Duration wait)
            throws IOException, InterruptedException {
        try (PingWatch ping = cluster.network().ping(cluster.client(), vip, PING_INTERVAL)) {
            Thread.sleep(1_000);
            long failure = cluster.powerOff(node, "benchmark: power lost");
            Optional<Long> moved = Optional.empty();
            Optional<String> holder = Await.until(wait, () -> {
                List<String> on = cluster.addressHolders().get(vip);
                return on.size() == 1 && !on.get(0).equals(node) ? Optional.of(on.get(0)) : Optional.empty();
            });
            if (holder.isPresent()) {
                moved = Optional.of(System.nanoTime());
            }
            Optional<Long> reply = moved.isEmpty() ? Optional.empty() : ping.firstReplyAfter(moved.get(), wait);
            return new FailoverProbe(failure, holder, reply.map(at -> (at - failure) / 1_000_000));
        }
    }
}
