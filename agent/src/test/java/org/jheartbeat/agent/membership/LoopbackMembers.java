package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.Timing;

/** Members on loopback addresses over the real transport, one link each, for the membership tests. */
final class LoopbackMembers {

    static final Timing TIMING = new Timing(Duration.ofMillis(200), Duration.ofMillis(1000),
            Duration.ofMillis(1500), Duration.ofMillis(1500));
    static final Membership.Listener IGNORE = new Membership.Listener() {
        @Override
        public void membersChanged(Set<String> members) {
        }

        @Override
        public void delivered(String from, byte[] payload) {
        }

        @Override
        public void refused(String reason) {
        }
    };

    private LoopbackMembers() {
    }

    /** A member bound to {@code address} on {@code medium}, finding {@code peers} (ucast), behind {@code guard}. */
    static Membership member(String name, String address, Medium medium, List<String> peers, LinkGuard guard)
            throws Exception {
        return new Membership(name, List.of(new Membership.Link("lo", TransportStacks.forMedium("lo", medium,
                loopback(address), peers, FailureDetection.of(TIMING), guard, HeartbeatThreads.UNCHANGED))), 1,
                IGNORE);
    }

    /** {@code node}'s guard with TIMING, letting in {@code nodes}. */
    static LinkGuard guard(KeyRing keys, String node, long generation, Set<String> nodes) {
        return new LinkGuard(new PacketSeal(keys, node, generation), HeartbeatPeersTest.peers(node, nodes), node,
                generation, nodes, TIMING.deadtime(), System::nanoTime, Clock.systemUTC());
    }

    /** A loopback address as the kernel has 127.0.0.1 on lo: 127.0.0.0/8, which holds every 127.x address. */
    static InterfaceAddress loopback(String address) throws java.net.UnknownHostException {
        return new InterfaceAddress(InetAddress.getByName(address), 8, false, java.util.Optional.empty());
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 30 s", what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
