package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.MERGE3;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
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
        public void delivered(String from, SenderPosition position, byte[] payload) {
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

    /**
     * The ucast stack of member {@code index} of {@code names}, bound to its address of {@code addresses}, with
     * {@code cable} right above the transport and JGroups' merge check off: MERGE3 still sends its discovery rounds,
     * which a node outside the view hears, but never checks the views, so no merge comes.
     */
    static List<Protocol> unmergedStack(KeyRing keys, List<String> names, List<String> addresses, int port, int index,
                                        DISCARD cable) throws java.net.UnknownHostException {
        List<Protocol> stack = unicastStack(keys, names, addresses, port, index);
        stack.stream().filter(MERGE3.class::isInstance)
                .forEach(merge -> ((MERGE3) merge).setCheckInterval(Duration.ofHours(1).toMillis()));
        stack.add(1, cable);
        return stack;
    }

    /**
     * The ucast stack of member {@code index} of {@code names}, bound to its address of {@code addresses} on
     * {@code port}, bottom first, for a test to change before a link is built from it.
     */
    static List<Protocol> unicastStack(KeyRing keys, List<String> names, List<String> addresses, int port, int index)
            throws java.net.UnknownHostException {
        Medium unicast = new Medium.Unicast("lo", addresses.get(index), port,
                SourceLocation.wholeFile(Path.of("ha.cf")));
        return new ArrayList<>(TransportStacks.forMedium("lo", unicast, loopback(addresses.get(index)), addresses,
                FailureDetection.of(TIMING), guard(keys, names.get(index), 1, Set.copyOf(names)),
                HeartbeatThreads.UNCHANGED));
    }

    /** A listener that keeps every membership it is told, in order. */
    static Membership.Listener recording(List<Set<String>> heard) {
        return new Membership.Listener() {
            @Override
            public void membersChanged(Set<String> now) {
                heard.add(now);
            }

            @Override
            public void delivered(String from, SenderPosition position, byte[] payload) {
            }

            @Override
            public void refused(String reason) {
            }
        };
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
