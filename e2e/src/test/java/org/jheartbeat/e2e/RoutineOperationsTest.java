package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.netns.PingWatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The days nothing fails (issue 21): on the two-node cluster of a {@link SiteLab} (the address and the site's
 * recorded {@code sitesvc} script, preferred on alpha), what the administrator does to a running cluster must move
 * nothing and stop nothing. Every call of the site's script is in its calls log, the address holders are sampled
 * every 50 ms ({@link VipWatch}) and the client pings the address every 50 ms. Root only; times are printed as
 * {@code [e2e]} lines, never asserted.
 */
class RoutineOperationsTest {

    private static final Duration START_WAIT = Duration.ofSeconds(90);
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the routine operations build namespaces and mounts: root only");
    }

    private static Path home() {
        return Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
    }

    @Test
    void aSecondAgentOnALiveNodeExitsBeforeTouchingAnythingAndTheFirstRunsOn() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            long first = cluster.node("alpha").agent().orElseThrow().pid();
            int callsBefore = site.calls().size();
            CommandResult second;
            try (VipWatch watch = new VipWatch(cluster);
                 PingWatch pings = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                long started = System.nanoTime();
                second = cluster.node("alpha").run(START_WAIT, cluster.agentCommand("alpha").toArray(String[]::new));
                System.out.printf("[e2e] second agent on alpha: exited %d after %d ms%n", second.exitCode(),
                        Await.millisSince(started));
                assertThat(watch.samplesOtherThan(List.of("alpha"))).as("samples without alpha alone").isEmpty();
                assertThat(pings.unanswered()).as("pings of the address unanswered").isEmpty();
            }
            assertThat(second.exitCode()).as(second.describe()).isEqualTo(1);
            assertThat(second.stdout() + second.stderr()).contains("another jheartbeat agent (process " + first + ")");
            assertThat(cluster.node("alpha").agent().map(ProcessHandle::pid)).as("the first agent runs on")
                    .contains(first);
            assertThat(site.calls().subList(callsBefore, site.calls().size())).as("calls of the site's script")
                    .isEmpty();
            assertThat(cluster.agentLogText("alpha")).doesNotContain("shutting down");
            CommandResult status = cluster.hbctl("alpha", "status");
            assertThat(status.stdout()).as(status.describe()).contains("Started alpha");
        }
    }
}
