package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.api.Test;

/**
 * Two members over real UDP on loopback addresses (ucast media), and a fuzzer throwing garbage, truncated,
 * oversized and forged packets at their cluster port, the only port they listen on. The members must keep their
 * view and keep talking, and every such packet is dropped before JGroups reads it.
 */
class PacketFuzzTest {

    private static final int PORT = 17694;
    private static final Timing TIMING = new Timing(Duration.ofMillis(200), Duration.ofMillis(600),
            Duration.ofMillis(1500), Duration.ofMillis(1500));

    private static final class Recorder implements Membership.Listener {
        final List<Set<String>> views = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void membersChanged(Set<String> members) {
            views.add(members);
        }

        @Override
        public void delivered(String from, SenderPosition position, byte[] payload) {
            messages.add(from + ":" + new String(payload));
        }

        @Override
        public void refused(String reason) {
        }
    }

    private static Membership member(String name, String address, String peer, Recorder recorder, LinkGuard guard)
            throws Exception {
        Medium.Unicast medium = new Medium.Unicast("lo", peer, PORT, SourceLocation.wholeFile(java.nio.file.Path.of("ha.cf")));
        return new Membership(name, List.of(new Membership.Link("lo", TransportStacks.forMedium("lo", medium,
                LoopbackMembers.loopback(address), List.of(peer), FailureDetection.of(TIMING), guard,
                HeartbeatThreads.UNCHANGED))),
                1, recorder);
    }

    @Test
    void garbageNeverDisturbsTheMembers() throws Exception {
        KeyRing key = KeyRing.single(1, ClusterKey.derive("fuzz-secret"));
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        LinkGuard firstSeal = LoopbackMembers.guard(key, "a", 1, Set.of("a", "b"));
        LinkGuard secondSeal = LoopbackMembers.guard(key, "b", 2, Set.of("a", "b"));
        try (Membership a = member("a", "127.0.0.1", "127.0.0.2", first, firstSeal);
             Membership b = member("b", "127.0.0.2", "127.0.0.1", second, secondSeal)) {
            a.connect("fuzz");
            b.connect("fuzz");
            awaitMembers(a, Set.of("a", "b"));
            int viewsBefore = first.views.size() + second.views.size();

            Random random = new Random(42);
            int packets = 0;
            try (DatagramSocket fuzzer = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
                for (int i = 0; i < 3000; i++) {
                    byte[] payload = fuzzPacket(random);
                    String target = random.nextBoolean() ? "127.0.0.1" : "127.0.0.2";
                    fuzzer.send(new DatagramPacket(payload, payload.length, InetAddress.getByName(target), PORT));
                    packets++;
                }
            }
            Thread.sleep(TIMING.deadtime().multipliedBy(2).toMillis());

            b.broadcast("still talking".getBytes());
            awaitMessage(first, "b:still talking");
            assertThat(first.views.size() + second.views.size()).as("no view change under fuzzing").isEqualTo(viewsBefore);
            assertThat(a.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(b.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(firstSeal.dropped() + secondSeal.dropped()).as("every fuzz packet dropped").isEqualTo(packets);
            System.out.printf("[membership] fuzzing: %d packets of garbage, all dropped before JGroups, view kept, "
                    + "messages still delivered%n", packets);
        }
    }

    /**
     * Random bytes; our magic followed by random bytes; a well-formed header of a listed node with a forged tag; a
     * datagram larger than any a member sends; or JGroups' own framing (version, flags) followed by random bytes.
     */
    private static byte[] fuzzPacket(Random random) {
        int kind = random.nextInt(5);
        byte[] packet = new byte[switch (kind) {
            case 2 -> 60 + random.nextInt(PacketSeal.MAX_PAYLOAD);
            case 3 -> PacketSeal.MAX_DATAGRAM + 1 + random.nextInt(60_000);
            default -> random.nextInt(1500);
        }];
        random.nextBytes(packet);
        ByteBuffer framing = ByteBuffer.wrap(packet);
        if ((kind == 1 || kind == 2) && packet.length >= 4) {
            framing.putInt(PacketSeal.MAGIC);
        }
        if (kind == 2) {
            framing.put((byte) 1).put((byte) 1).put((byte) 'b').put((byte) 6).put(new byte[] {127, 0, 0, 2, 0x45, 0x1e})
                    .putLong(2).putLong(random.nextInt(1_000_000));
        } else if (kind == 4 && packet.length >= 3) {
            framing.putShort(org.jgroups.Version.version).put((byte) 0);
        }
        return packet;
    }

    private static void awaitMembers(Membership membership, Set<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!membership.members().equals(expected)) {
            assertThat(System.nanoTime()).as("members %s within 15 s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitMessage(Recorder recorder, String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!recorder.messages.contains(message)) {
            assertThat(System.nanoTime()).as("message %s within 10 s", message).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
