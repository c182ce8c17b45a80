package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expert's JGroups stack file replaces the generated links and still gets packet authentication. */
class StackFileLinkTest {

    private static final String STACK = """
            <config xmlns="urn:org:jgroups">
              <SHARED_LOOPBACK/>
              <SHARED_LOOPBACK_PING/>
              <pbcast.NAKACK2/>
              <UNICAST3/>
              <pbcast.STABLE/>
              <pbcast.GMS join_timeout="500"/>
            </config>
            """;

    private static final class Views implements Membership.Listener {
        volatile Set<String> members = Set.of();

        @Override
        public void membersChanged(Set<String> changed) {
            members = changed;
        }

        @Override
        public void delivered(String from, byte[] payload) {
        }
    }

    @Test
    void membersMeetOverTheFileStackAndStrangersDoNot(@TempDir Path dir) throws Exception {
        Path stackFile = Files.writeString(dir.resolve("stack.xml"), STACK);
        SecretKey key = ClusterKey.derive("expert-secret");
        Views a = new Views();
        Views b = new Views();
        Views stranger = new Views();
        MessageAuthentication strangerAuthentication = new MessageAuthentication(ClusterKey.derive("other"),
                Clock.systemUTC(), 3);
        try (Membership first = membership("a", stackFile, key, a, new MessageAuthentication(key, Clock.systemUTC(), 1));
             Membership second = membership("b", stackFile, key, b, new MessageAuthentication(key, Clock.systemUTC(), 2));
             Membership third = membership("x", stackFile, ClusterKey.derive("other"), stranger, strangerAuthentication)) {
            first.connect("stack-file");
            second.connect("stack-file");
            third.connect("stack-file");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!a.members.equals(Set.of("a", "b")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(a.members).containsExactlyInAnyOrder("a", "b");
            assertThat(stranger.members).containsExactly("x");
            assertThat(strangerAuthentication.rejected()).isPositive();
        }
    }

    private static Membership membership(String name, Path stackFile, SecretKey key, Views views,
                                         MessageAuthentication authentication) throws Exception {
        return new Membership(name, List.of(Membership.Link.fromStackFile("stack", stackFile, authentication)),
                Incarnation.startingNow(Clock.systemUTC()), views);
    }
}
