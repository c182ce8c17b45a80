package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /**
     * systemctl restart and a package upgrade restart the owner's agent in place: the group stays on alpha, no resource
     * is stopped or started (only status asked), the address answers every ping, and the new agent announces the
     * address it found up once beta has reported (heartbeat 3.0.6 announces none; docs/differences.md). Prints the
     * time from the restart's SIGTERM until the new agent adopted the group.
     */
    @Test
    void restartingTheOwnersAgentInPlaceStopsAndStartsNothing() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            long first = cluster.node("alpha").agent().orElseThrow().pid();
            int callsBefore = site.calls().size();
            String adopted = "adopted, all 2 resources running";
            try (VipWatch watch = new VipWatch(cluster);
                 PingWatch pings = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                long restarted = System.nanoTime();
                cluster.restartAgentInPlace("alpha", START_WAIT);
                assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha").contains(adopted)))
                        .as("the new agent adopted the group:\n" + cluster.describe()).isTrue();
                System.out.printf("[e2e] restart in place of alpha's agent: SIGTERM to group adopted %d ms%n",
                        Await.millisSince(restarted));
                assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).isTrue();
                assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha")
                        .contains("announcing again: " + ClusterLab.VIP))).as("the new agent announced the address it"
                        + " found up:\n" + cluster.describe()).isTrue();
                assertThat(cluster.agentLogText("alpha")).contains("announcing: found running when the agent started");
                site.awaitSettled(START_WAIT);
                assertThat(watch.samplesOtherThan(List.of("alpha"))).as("samples without alpha alone").isEmpty();
                assertThat(pings.unanswered()).as("pings of the address unanswered").isEmpty();
            }
            assertThat(cluster.node("alpha").agent().map(ProcessHandle::pid)).as("a new agent runs").isPresent()
                    .isNotEqualTo(Optional.of(first));
            assertThat(site.calls().subList(callsBefore, site.calls().size())).as("calls of the site's script")
                    .allMatch(call -> call.action().equals("status"));
            assertThat(cluster.agentLogText("beta")).contains("node alpha restarting in place",
                    "node alpha is back after restarting in place");
            CommandResult status = cluster.hbctl("beta", "status");
            assertThat(status.stdout()).as(status.describe()).contains("Started alpha");
        }
    }

    /**
     * A stop at once after a restart in place (an upgrade's try-restart followed by a removal): SIGTERM reaches the new
     * agent once it has claimed the group the old one left running and begun its start-up (its generation raised),
     * before it adopted the group. The stop must still stop the group on alpha and hand it to beta; it used to stop
     * only the groups the agent held, none yet, and leave the group running with no agent.
     */
    @Test
    void aStopJustAfterARestartInPlaceStillHandsTheGroupOver() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            Path generation = cluster.node("alpha").directory().resolve("hb_generation");
            String before = Files.readString(generation);
            int callsBefore = site.calls().size();
            long restarted = System.nanoTime();
            cluster.restartAgentInPlace("alpha", START_WAIT);
            assertThat(Await.condition(START_WAIT, () -> !readQuietly(generation).equals(before)))
                    .as("the new agent began its start-up").isTrue();
            ProcessHandle second = cluster.node("alpha").agent().orElseThrow();
            long stopped = System.nanoTime();
            cluster.stopAgent("alpha");
            assertThat(Await.condition(START_WAIT, () -> !second.isAlive())).as("the new agent exited").isTrue();
            long exited = Await.millisSince(stopped);
            assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))))
                    .as("the address on beta alone:\n" + cluster.describe()).isTrue();
            Optional<SiteCall> betaStarted = site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                    && call.ended() && call.script().equals("sitesvc") && call.action().equals("start"));
            assertThat(betaStarted).as("beta started the site's script").isPresent();
            System.out.printf("[e2e] SIGTERM %d ms after the restart in place began: the new agent exited after %d ms,"
                    + " the group ran on beta after %d ms%n", (stopped - restarted) / 1_000_000, exited,
                    Await.millisSince(stopped));
            List<SiteCall> alphaCalls = site.calls().subList(callsBefore, site.calls().size()).stream()
                    .filter(call -> call.node().equals("alpha") && !call.action().equals("status")).toList();
            assertThat(alphaCalls).as("the site's script on alpha: stopped, nothing else").extracting(
                    call -> call.action() + (call.ended() ? " end " + call.exitCode() : " begin"))
                    .containsExactly("stop begin", "stop end 0");
            assertThat(cluster.agentLogText("alpha")).doesNotContain("jheartbeat-guard:");
        }
    }

    /**
     * An agent started at once after kill -9 of the one before it (systemd's Restart, an administrator's start): the
     * dead agent's guard is still releasing its groups (the site's script takes 5 s to stop) and holds the agent's lock
     * for that. The new agent waits for the release to end and starts, where it used to exit saying another agent ran;
     * the address is never on both nodes.
     */
    @Test
    void anAgentStartedRightAfterAKillWaitsForTheGuardsRelease() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("slowstop"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            try (VipWatch watch = new VipWatch(cluster)) {
                int logBefore = cluster.agentLogText("alpha").length();
                long killed = System.nanoTime();
                cluster.killAgent("alpha");
                cluster.startAgent("alpha");
                ProcessHandle second = cluster.node("alpha").agent().orElseThrow();
                assertThat(Await.condition(START_WAIT, () -> !second.isAlive() || cluster.agentLogText("alpha")
                        .substring(logBefore).contains("node alpha started"))).as("the new agent started").isTrue();
                String log = cluster.agentLogText("alpha").substring(logBefore);
                assertThat(second.isAlive()).as("the new agent runs:\n" + log).isTrue();
                assertThat(log).doesNotContain("jheartbeat not started");
                assertThat(log).contains("a release of the previous agent's groups by its guard (process ");
                String waited = log.lines().filter(line -> line.contains("the release ended after")).findFirst()
                        .orElseThrow(() -> new AssertionError("no end of the wait:\n" + log));
                System.out.printf("[e2e] agent started at once after SIGKILL: started %d ms after the kill (%s)%n",
                        Await.millisSince(killed), waited.substring(waited.indexOf("the release")));
                assertThat(site.calls().stream().filter(call -> call.node().equals("alpha") && call.ended()
                        && call.script().equals("slowstop") && call.action().equals("stop")))
                        .as("the guard's release stopped the script before the new agent started").isNotEmpty();
                site.awaitSettled(START_WAIT);
                assertThat(watch.overlaps()).as("samples with the address on both nodes").isEmpty();
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * kill -9 of the owner's agent, the node staying up: its guard deletes the address at once and releases the rest,
     * beta declares alpha dead after deadtime and takes the group over, and at no sample do both hold the address.
     */
    @Test
    void killingTheOwnersAgentNeverLeavesTheAddressOnTwoNodes() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            try (VipWatch watch = new VipWatch(cluster)) {
                long killed = System.nanoTime();
                double killedAt = site.elapsedSeconds();
                cluster.killAgent("alpha");
                assertThat(Await.condition(START_WAIT, () -> !cluster.vipHolders().contains("alpha")))
                        .as("the address left alpha").isTrue();
                long released = Await.millisSince(killed);
                Optional<SiteCall> betaStarts = site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                        && call.script().equals("sitesvc") && call.action().equals("start"));
                assertThat(betaStarts).as("beta starts it").isPresent();
                assertThat(site.awaitCall(START_WAIT, call -> call.node().equals("beta") && call.ended()
                        && call.script().equals("sitesvc") && call.action().equals("start"))).as("beta started it")
                        .isPresent();
                long runsOnBeta = Await.millisSince(killed);
                assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("beta")))).isTrue();
                Optional<SiteCall> alphaStopped = site.awaitCall(START_WAIT, call -> call.node().equals("alpha")
                        && call.ended() && call.script().equals("sitesvc") && call.action().equals("stop"));
                assertThat(alphaStopped).as("alpha's guard stopped the script").isPresent();
                System.out.printf("[e2e] SIGKILL of alpha's agent (deadtime %d ms): address gone from alpha after %d ms,"
                        + " the site's script stopped there by the guard's release after %.0f ms and started on beta"
                        + " after %.0f ms, group running on beta after %d ms%n", cluster.setup().deadtimeTime().toMillis(),
                        released, (alphaStopped.get().seconds() - killedAt) * 1000,
                        (betaStarts.get().seconds() - killedAt) * 1000, runsOnBeta);
                assertThat(watch.overlaps()).as("samples with the address on both nodes").isEmpty();
            }
            assertThat(cluster.agentLogText("alpha")).contains("jheartbeat-guard: deleted 10.79.0.100/24 from eth0");
        }
    }
}
