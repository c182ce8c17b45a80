package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.SecretKey;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.config.Timing;
import org.junit.jupiter.api.Test;

/**
 * Two members over real UDP on loopback addresses (ucast media), and a fuzzer throwing garbage, truncated and
 * forged packets at their cluster ports and at the crash-detection TCP port. The members must keep their view
 * and keep talking. (Most garbage already fails JGroups' own framing in the transport; a packet framed well but
 * signed with another key is the rogue-node test's case.)
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
        public void delivered(String from, byte[] payload) {
            messages.add(from + ":" + new String(payload));
        }
    }

    private static Membership member(String name, String address, String peer, SecretKey key, Recorder recorder,
                                     MessageAuthentication authentication) throws Exception {
        Medium.Unicast medium = new Medium.Unicast("lo", peer, PORT, SourceLocation.wholeFile(java.nio.file.Path.of("ha.cf")));
        return new Membership(name, List.of(new Membership.Link("lo", TransportStacks.forMedium(medium,
                InetAddress.getByName(address), List.of(peer), FailureDetection.of(TIMING), authentication,
                HeartbeatThreads.UNCHANGED))),
                Incarnation.startingNow(Clock.systemUTC()), recorder);
    }

    @Test
    void garbageNeverDisturbsTheMembers() throws Exception {
        SecretKey key = ClusterKey.derive("fuzz-secret");
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        MessageAuthentication firstAuthentication = new MessageAuthentication(key, Clock.systemUTC(), 1);
        MessageAuthentication secondAuthentication = new MessageAuthentication(key, Clock.systemUTC(), 2);
        try (Membership a = member("a", "127.0.0.1", "127.0.0.2", key, first, firstAuthentication);
             Membership b = member("b", "127.0.0.2", "127.0.0.1", key, second, secondAuthentication)) {
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
            for (int i = 0; i < 50; i++) {
                try (Socket socket = new Socket("127.0.0.1", PORT + TransportStacks.FAILURE_DETECTION_PORT_OFFSET)) {
                    OutputStream out = socket.getOutputStream();
                    byte[] junk = new byte[random.nextInt(512)];
                    random.nextBytes(junk);
                    out.write(junk);
                } catch (java.io.IOException refused) {
                    // The crash detector may refuse or reset a stranger; that is its business.
                }
            }
            Thread.sleep(TIMING.deadtime().multipliedBy(2).toMillis());

            b.broadcast("still talking".getBytes());
            awaitMessage(first, "b:still talking");
            assertThat(first.views.size() + second.views.size()).as("no view change under fuzzing").isEqualTo(viewsBefore);
            assertThat(a.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(b.members()).containsExactlyInAnyOrder("a", "b");
            long rejected = firstAuthentication.rejected() + secondAuthentication.rejected();
            System.out.printf("[membership] fuzzing: %d packets and 50 TCP connections of garbage, %d reached and "
                    + "failed authentication, view kept, messages still delivered%n", packets, rejected);
        }
    }

    /** Random bytes, or our magic followed by random bytes, or a packet of plausible size with a forged tag. */
    private static byte[] fuzzPacket(Random random) {
        int kind = random.nextInt(3);
        byte[] packet = new byte[kind == 2 ? 60 + random.nextInt(200) : random.nextInt(1500)];
        random.nextBytes(packet);
        if (kind > 0 && packet.length >= 4) {
            ByteBuffer.wrap(packet).putInt(MessageAuthentication.MAGIC);
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
