package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.api.Test;

/** A link's JGroups threads, the ones that receive and send heartbeats among them, are prepared before they work. */
class HeartbeatThreadsTest {

    private static final int PORT = 17794;
    private static final Timing TIMING = new Timing(Duration.ofMillis(200), Duration.ofMillis(600),
            Duration.ofMillis(1500), Duration.ofMillis(1500));

    @Test
    void everyThreadOfALinkIsPreparedBeforeItsWork() throws Exception {
        Set<String> prepared = new CopyOnWriteArraySet<>();
        HeartbeatThreads recording = () -> prepared.add(Thread.currentThread().getName());
        Medium.Unicast medium = new Medium.Unicast("lo", "127.0.0.1", PORT,
                SourceLocation.wholeFile(java.nio.file.Path.of("ha.cf")));
        long generation = 1;
        List<org.jgroups.stack.Protocol> stack = TransportStacks.forMedium("lo", medium,
                LoopbackMembers.loopback("127.0.0.1"), List.of(), FailureDetection.of(TIMING),
                LoopbackMembers.guard(KeyRing.single(1, ClusterKey.derive("threads")), "a", generation,
                        Set.of("a")), recording);
        try (Membership member = new Membership("a", List.of(new Membership.Link("lo", stack)), generation,
                LoopbackMembers.IGNORE)) {
            member.connect("threads");
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (prepared.stream().noneMatch(name -> name.contains("receiver")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
        }

        assertThat(prepared).as("threads prepared").anyMatch(name -> name.contains("receiver"))
                .anyMatch(name -> name.contains("Timer"));
    }
}
