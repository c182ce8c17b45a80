package org.jheartbeat.agent.membership;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.SourceLocation;
import org.junit.jupiter.api.Test;

/**
 * Links over the real transport on loopback addresses, where every member shares one port as nodes share udpport:
 * a bcast medium finds its members by broadcast through the transport alone, and a dozen members with long names
 * form one view although every datagram is kept within {@link PacketSeal#MAX_DATAGRAM}.
 */
class OnePortLinkTest {

    private static final KeyRing KEY = KeyRing.single(1, ClusterKey.derive("one-port"));

    @Test
    void bcastMembersFindEachOtherByBroadcastOnTheirOnePort() throws Exception {
        Medium broadcast = new Medium.Broadcast("lo", 17994, SourceLocation.wholeFile(Path.of("ha.cf")));
        try (Membership a = member("a", "127.0.0.1", broadcast, List.of(), Set.of("a", "b"));
             Membership b = member("b", "127.0.0.2", broadcast, List.of(), Set.of("a", "b"))) {
            a.connect("one-port");
            b.connect("one-port");
            awaitMembers(List.of(a, b), Set.of("a", "b"));
        }
    }

    @Test
    void twelveMembersWithLongNamesFormOneViewWithinTheDatagramLimit() throws Exception {
        int count = 12;
        List<String> addresses = IntStream.rangeClosed(1, count).mapToObj(i -> "127.0.1." + i).toList();
        List<Membership> members = new ArrayList<>();
        Set<String> names = new TreeSet<>(IntStream.range(0, count)
                .mapToObj(i -> "node-with-a-long-hostname-" + i + ".cluster.example.org").toList());
        try {
            for (int i = 0; i < count; i++) {
                String name = "node-with-a-long-hostname-" + i + ".cluster.example.org";
                Medium unicast = new Medium.Unicast("lo", addresses.get(i), 18094,
                        SourceLocation.wholeFile(Path.of("ha.cf")));
                Membership member = member(name, addresses.get(i), unicast, addresses, names);
                members.add(member);
                member.connect("one-port-large");
            }
            awaitMembers(members, names);
        } finally {
            members.forEach(Membership::close);
        }
    }

    private static Membership member(String name, String address, Medium medium, List<String> peers,
                                     Set<String> nodes) throws Exception {
        return LoopbackMembers.member(name, address, medium, peers, LoopbackMembers.guard(KEY, name, 1, nodes));
    }

    private static void awaitMembers(List<Membership> members, Set<String> expected) throws InterruptedException {
        LoopbackMembers.await(() -> members.stream().allMatch(member -> member.members().equals(expected)),
                "every member sees " + expected);
    }
}
