package org.jheartbeat.testsupport.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Root only: the lab really builds a segment, and close leaves no namespace or process behind. */
class NetnsLabTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final CommandRunner HOST = new ProcessCommandRunner();

    @BeforeAll
    static void needsRoot() {
        assumeTrue(HOST.run(Command.of(TIMEOUT, "id", "-u")).stdout().strip().equals("0"), "network namespaces need root");
    }

    @Test
    void nodesReachEachOtherOverTheBridgeAndCloseRemovesEverything() throws Exception {
        String namespaces;
        Process sleeper;
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsNode a = lab.addNode("a", "10.99.8.1/24", "fd99:8::1/64");
            NetnsNode b = lab.addNode("b", "10.99.8.2/24", "fd99:8::2/64");

            assertThat(lab.exec(a, "ping", "-c", "1", "-w", "2", "10.99.8.2").succeeded()).isTrue();
            assertThat(lab.neighbourMac(a, "10.99.8.2")).contains(b.mac());
            assertThat(a.mac()).isNotEqualTo(b.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            try (PingWatch ping = lab.ping(b, "10.99.8.1", Duration.ofMillis(20))) {
                assertThat(ping.firstReplyAfter(System.nanoTime(), Duration.ofSeconds(5))).isPresent();
            }
            try (OneShotPings ping = lab.pingOneShots(b, "fd99:8::1")) {
                assertThat(ping.firstReplyAfter(System.nanoTime() - 1, Duration.ofSeconds(5))).as(ping.output()).isPresent();
            }
            assertThat(lab.runnerIn(a).run(Command.of(TIMEOUT, "ip", "-br", "addr", "show", "dev", "eth0")).stdout())
                    .contains("10.99.8.1/24");
            sleeper = lab.spawn(a, "sleep", "600");
            namespaces = HOST.run(Command.of(TIMEOUT, "ip", "netns", "list")).stdout();
            assertThat(namespaces).contains(a.namespace(), b.namespace());
        }

        String after = HOST.run(Command.of(TIMEOUT, "ip", "netns", "list")).stdout();
        for (String line : namespaces.split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith("jhbt" + ProcessHandle.current().pid() + "-")) {
                assertThat(after).as("namespace %s after close", name).doesNotContain(name);
            }
        }
        assertThat(sleeper.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("spawned process ended").isTrue();
    }
}
