package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An expert's JGroups stack file replaces the generated links; its transport must be {@link AuthenticatedUdp},
 * so its packets are authenticated like the generated links' are.
 */
class StackFileLinkTest {

    private static final int PORT = 17894;

    private static final class Views implements Membership.Listener {
        volatile Set<String> members = Set.of();

        @Override
        public void membersChanged(Set<String> changed) {
            members = changed;
        }

        @Override
        public void delivered(String from, SenderPosition position, byte[] payload) {
        }

        @Override
        public void refused(String reason) {
        }
    }

    private static String stack(String transport, String address) {
        return """
                <config xmlns="urn:org:jgroups">
                  <%s bind_addr="%s" bind_port="%d" port_range="0" ip_mcast="false"/>
                  <TCPPING initial_hosts="127.0.0.1[%3$d],127.0.0.2[%3$d],127.0.0.3[%3$d]" port_range="0"/>
                  <MERGE3 min_interval="1000" max_interval="3000"/>
                  <pbcast.NAKACK2/>
                  <UNICAST3/>
                  <pbcast.STABLE/>
                  <FRAG2 frag_size="1000"/>
                  <pbcast.GMS join_timeout="500"/>
                </config>
                """.formatted(transport, address, PORT);
    }

    @Test
    void membersMeetOverTheFileStackAndStrangersDoNot(@TempDir Path dir) throws Exception {
        KeyRing key = KeyRing.single(1, ClusterKey.derive("expert-secret"));
        Views a = new Views();
        Views b = new Views();
        Views stranger = new Views();
        Set<String> nodes = Set.of("a", "b", "x");
        LinkGuard firstSeal = LoopbackMembers.guard(key, "a", 1, nodes);
        try (Membership first = membership("a", stackFile(dir, "127.0.0.1"), firstSeal, a);
             Membership second = membership("b", stackFile(dir, "127.0.0.2"), LoopbackMembers.guard(key, "b", 2, nodes), b);
             Membership third = membership("x", stackFile(dir, "127.0.0.3"),
                     LoopbackMembers.guard(KeyRing.single(1, ClusterKey.derive("other")), "x", 3, nodes), stranger)) {
            first.connect("stack-file");
            second.connect("stack-file");
            third.connect("stack-file");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!a.members.equals(Set.of("a", "b")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(a.members).containsExactlyInAnyOrder("a", "b");
            assertThat(stranger.members).containsExactly("x");
            assertThat(firstSeal.dropped()).as("the stranger's packets, which a cannot open").isPositive();
        }
    }

    @Test
    void aStackFileWhoseTransportDoesNotAuthenticateIsRefusedByName(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.xml"),
                stack("UDP", "127.0.0.1"));
        Membership.Link link = Membership.Link.fromStackFile("plain", plain,
                LoopbackMembers.guard(KeyRing.single(1, ClusterKey.derive("expert-secret")), "a", 1, Set.of("a")));
        assertThatThrownBy(() -> link.channel().create()).hasMessageContaining(plain.toString())
                .hasMessageContaining("AuthenticatedUdp").hasMessageContaining("found org.jgroups.protocols.UDP");
    }

    private static Path stackFile(Path dir, String address) throws java.io.IOException {
        return Files.writeString(dir.resolve("stack-" + address + ".xml"),
                stack(AuthenticatedUdp.class.getName(), address));
    }

    private static Membership membership(String name, Path stackFile, LinkGuard guard, Views views)
            throws Exception {
        return new Membership(name, List.of(Membership.Link.fromStackFile("stack", stackFile, guard)),
                1, views);
    }
}
