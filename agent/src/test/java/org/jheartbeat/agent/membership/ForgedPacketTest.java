package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jgroups.protocols.TCPPING;
import org.jgroups.util.NameCache;
import org.jgroups.util.UUID;
import org.jgroups.stack.IpAddress;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.testsupport.jgroups.ForgedPackets;
import org.junit.jupiter.api.Test;

/**
 * Discovery, merge and view packets built with JGroups' own classes and sent without the key to a link's one port
 * change nothing: no name, no address, no view. The same discovery packet sealed with the key does reach JGroups,
 * which shows the forgery is one JGroups would act on and only the seal keeps it out.
 */
class ForgedPacketTest {

    private static final int PORT = 18194;
    private static final String CLUSTER = "forged";
    private static final KeyRing KEY = KeyRing.single(1, ClusterKey.derive("forged-secret"));

    @Test
    void forgedDiscoveryMergeAndViewPacketsChangeNothingUnlessSealedWithTheKey() throws Exception {
        Set<String> nodes = Set.of("a", "b", "c");
        LinkGuard firstSeal = LoopbackMembers.guard(KEY, "a", 1, nodes);
        try (Membership a = member("a", "127.0.0.1", "127.0.0.2", firstSeal);
             Membership b = member("b", "127.0.0.2", "127.0.0.1", LoopbackMembers.guard(KEY, "b", 1, nodes));
             DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.3", PORT))) {
            a.connect(CLUSTER);
            b.connect(CLUSTER);
            LoopbackMembers.await(() -> a.members().equals(Set.of("a", "b")), "a sees b");
            UUID impostor = UUID.randomUUID();
            IpAddress attackerAddress = new IpAddress("127.0.0.3", PORT);
            ForgedPackets forged = new ForgedPackets(CLUSTER, impostor, AuthenticatedUdp.class, TCPPING.class);
            List<byte[]> packets = List.of(forged.discoveryResponse("b", attackerAddress),
                    forged.discoveryRequest("mallory", attackerAddress),
                    forged.mergeInfo(forged.viewOf(List.of(impostor)), "b", attackerAddress),
                    forged.view(forged.viewOf(List.of(impostor))));
            long droppedBefore = firstSeal.dropped();
            for (byte[] packet : packets) {
                send(attacker, packet, "127.0.0.1");
            }
            LoopbackMembers.await(() -> firstSeal.dropped() == droppedBefore + packets.size(), "a drops all 4");
            Thread.sleep(LoopbackMembers.TIMING.deadtime().toMillis());
            assertThat(NameCache.get(impostor)).as("the impostor's claimed name").isNull();
            assertThat(a.members()).containsExactlyInAnyOrder("a", "b");
            assertThat(b.members()).containsExactlyInAnyOrder("a", "b");

            byte[] from = ByteBuffer.allocate(6).put(InetAddress.getByName("127.0.0.3").getAddress())
                    .putShort((short) PORT).array();
            byte[] response = packets.get(0);
            send(attacker, new PacketSeal(KEY, "c", 1).seal(from, response, 0, response.length), "127.0.0.1");
            LoopbackMembers.await(() -> "b".equals(NameCache.get(impostor)), "the sealed forgery reaches JGroups");
        }
    }

    private static void send(DatagramSocket socket, byte[] packet, String to) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, InetAddress.getByName(to), PORT));
    }

    private static Membership member(String name, String address, String peer, LinkGuard guard) throws Exception {
        Medium.Unicast medium = new Medium.Unicast("lo", peer, PORT, SourceLocation.wholeFile(Path.of("ha.cf")));
        return LoopbackMembers.member(name, address, medium, List.of(peer), guard);
    }
}
