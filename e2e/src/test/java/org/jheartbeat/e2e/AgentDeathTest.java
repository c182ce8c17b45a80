package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The owner's agent dies with its node up (kill -9, out of memory, a JVM crash), on the two-node cluster of a
 * {@link SiteLab} whose group is the address and the site's {@code slowstop} script, whose stop takes 5 s. The dead
 * agent's guard tells beta at once that it releases alpha's groups: beta declares alpha dead after deadtime but starts
 * the script only once the guard says it stopped there, so the script never runs on both nodes; the address alone was
 * protected before (the guard deletes it at once). A power loss says nothing: beta takes over after deadtime, as
 * before. Root only; times are printed as {@code [e2e]} lines, never asserted.
 */
class AgentDeathTest {

    private static final Duration START_WAIT = Duration.ofSeconds(90);
    /** Less than the shortest bound a guard's release is waited for (its JVM's start alone is given a minute). */
    private static final Duration WITHOUT_A_HOLD = Duration.ofSeconds(30);
    private static final String ADDED_ADDRESS = "10.79.0.101";
    private static final String ADDED = "IPaddr::" + ADDED_ADDRESS + "/24/eth0";

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the agent's death is played in namespaces: root only");
    }

    private static Path home() {
        return Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
    }

    @Test
    void aKilledAgentsScriptStartsOnThePeerOnlyOnceItsGuardHasStoppedIt() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("slowstop"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            killAlphasAgentAndCheckTheHandover(site, "ucast");
        }
    }

    /** The guard's words leave from each medium's own socket and reach the peer on a broadcast and a multicast too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bcast eth0", "mcast eth0 " + ClusterSetup.MULTICAST_GROUP + " " + ClusterSetup.UDP_PORT
            + " 1 0"})
    void theGuardsWordsReachThePeerOnEveryMedium(String medium) throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("slowstop"), Agent.JHEARTBEAT, home())) {
            for (String node : List.of("alpha", "beta")) {
                site.cluster().editHaCf(node, haCf -> haCf.replaceAll("(?m)^ucast eth0 .*\n", "") + medium + "\n");
            }
            site.startBoth(START_WAIT);
            killAlphasAgentAndCheckTheHandover(site, medium.split(" ")[0]);
        }
    }

    /**
     * Kills alpha's agent: beta's status shows alpha releasing, beta starts the script only after alpha's stop of it
     * ended, the address is never on both nodes, and both words went out.
     */
    private static void killAlphasAgentAndCheckTheHandover(SiteLab site, String medium) throws Exception {
        ClusterLab cluster = site.cluster();
        try (VipWatch watch = new VipWatch(cluster)) {
            double killedAt = site.elapsedSeconds();
            cluster.killAgent("alpha");
            assertThat(Await.condition(START_WAIT, () -> cluster.hbctl("beta", "status").stdout()
                    .contains("Agent dead, its guard stopping its groups (not a member): [ alpha ]")))
                    .as("beta's status shows alpha releasing").isTrue();
            Optional<SiteCall> betaStarts = site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                    && call.script().equals("slowstop") && call.action().equals("start"));
            assertThat(betaStarts).as("beta starts the script:\n" + cluster.describe()).isPresent();
            Optional<SiteCall> alphaStopped = site.awaitCall(START_WAIT, call -> call.node().equals("alpha")
                    && call.ended() && call.script().equals("slowstop") && call.action().equals("stop"));
            assertThat(alphaStopped).as("alpha's guard stopped the script").isPresent();
            System.out.printf("[e2e] SIGKILL of alpha's agent (%s, deadtime %d ms): the script stopped on alpha after"
                    + " %.0f ms, started on beta after %.0f ms%n", medium, cluster.setup().deadtimeTime().toMillis(),
                    (alphaStopped.get().seconds() - killedAt) * 1000, (betaStarts.get().seconds() - killedAt) * 1000);
            assertThat(betaStarts.get().seconds()).as("beta's start after alpha's stop ended")
                    .isGreaterThan(alphaStopped.get().seconds());
            assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().contains("beta"))).isTrue();
            assertThat(watch.overlaps()).as("samples with the address on both nodes").isEmpty();
        }
        assertThat(cluster.agentLogText("beta")).contains(
                "node alpha: its agent is gone and its guard is stopping what it left running",
                "node alpha: its guard has stopped every group its agent left running");
        assertThat(cluster.agentLogText("alpha")).contains("jheartbeat-tell-peers: told the peers 'releasing'",
                "jheartbeat-tell-peers: told the peers 'released'");
    }

    @Test
    void aPowerLossIsTakenOverAfterDeadtimeWithNoWaitForAGuard() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("slowstop"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            double failedAt = site.elapsedSeconds();
            cluster.powerOff("alpha", "the test pulls the plug");
            Optional<SiteCall> betaStarted = site.awaitCall(WITHOUT_A_HOLD, call -> call.node().equals("beta")
                    && call.ended() && call.script().equals("slowstop") && call.action().equals("start"));
            assertThat(betaStarted).as("beta started the script, holding nothing for alpha:\n" + cluster.describe())
                    .isPresent();
            System.out.printf("[e2e] power loss of alpha (deadtime %d ms): the script running on beta after %.0f ms%n",
                    cluster.setup().deadtimeTime().toMillis(), (betaStarted.get().seconds() - failedAt) * 1000);
            assertThat(cluster.agentLogText("beta")).doesNotContain("its guard is stopping");
        }
    }

    /**
     * A restart in place whose new agent is killed once it has claimed the group the old one left running, before it
     * joins (at its guard's words, sealed before anything is probed or adopted): beta holds the group for the restart
     * (grace 30 s plus the release's bound), and the new agent's guard, releasing it, ends that hold with its released
     * word, so beta runs the group seconds later, after alpha's stop of the script ended, instead of minutes later.
     */
    @Test
    void aRestartWhoseNewAgentIsKilledBeforeJoiningEndsItsHoldOnceReleased() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("slowstop"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            int logBefore = cluster.agentLogText("alpha").length();
            cluster.restartAgentInPlace("alpha", START_WAIT);
            assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha").substring(logBefore)
                    .contains("the guard holds its words for the peers"))).as("the new agent sealed its words").isTrue();
            double killedAt = site.elapsedSeconds();
            cluster.killAgent("alpha");
            String log = cluster.agentLogText("alpha").substring(logBefore);
            assertThat(log).contains("the previous agent restarted in place: its groups are adopted where they run");
            Optional<SiteCall> betaStarts = site.awaitCall(WITHOUT_A_HOLD, call -> call.node().equals("beta")
                    && call.script().equals("slowstop") && call.action().equals("start"));
            assertThat(betaStarts).as("beta starts the script before the restart hold ran out:\n"
                    + cluster.describe()).isPresent();
            Optional<SiteCall> alphaStopped = site.awaitCall(START_WAIT, call -> call.node().equals("alpha")
                    && call.ended() && call.script().equals("slowstop") && call.action().equals("stop"));
            assertThat(alphaStopped).as("the new agent's guard stopped the script").isPresent();
            System.out.printf("[e2e] restart in place, new agent killed %s joining: the script stopped on alpha after"
                    + " %.0f ms, started on beta after %.0f ms%n", log.contains("node alpha started") ? "after" : "before",
                    (alphaStopped.get().seconds() - killedAt) * 1000, (betaStarts.get().seconds() - killedAt) * 1000);
            assertThat(betaStarts.get().seconds()).as("beta's start after alpha's stop ended")
                    .isGreaterThan(alphaStopped.get().seconds());
            assertThat(cluster.agentLogText("beta")).contains("node alpha restarting in place",
                    "node alpha: its guard has stopped every group its agent left running");
        }
    }

    /**
     * A reload adds a group with an address of its own, which starts on alpha; then alpha's agent is killed. The guard
     * follows the reload (its address list and its words): it deletes the new address too, and beta starts it only once
     * the guard said released; at no sample (one every few tens of ms) is it on both nodes.
     */
    @Test
    void anAddressAReloadAddedIsReleasedByTheGuardToo() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            site.addToHaresources("alpha " + ADDED);
            cluster.reloadAgent("alpha");
            cluster.reloadAgent("beta");
            assertThat(Await.condition(START_WAIT, () -> holders(cluster, ADDED_ADDRESS).equals(List.of("alpha"))))
                    .as("the added address on alpha:\n" + cluster.describe()).isTrue();
            long killed = System.nanoTime();
            cluster.killAgent("alpha");
            List<List<String>> samples = new ArrayList<>();
            assertThat(Await.condition(START_WAIT, () -> {
                List<String> on = holders(cluster, ADDED_ADDRESS);
                samples.add(on);
                return on.equals(List.of("beta"));
            })).as("the added address on beta:\n" + cluster.describe()).isTrue();
            System.out.printf("[e2e] SIGKILL of alpha's agent after a reload added %s: on beta after %d ms%n",
                    ADDED_ADDRESS, Await.millisSince(killed));
            assertThat(samples).as("samples with the added address on both nodes").noneMatch(on -> on.size() > 1);
            assertThat(cluster.agentLogText("alpha")).contains("jheartbeat-guard: deleted " + ADDED_ADDRESS
                    + "/24 from eth0");
            assertThat(cluster.agentLogText("beta")).contains("node alpha: its guard has stopped every group");
        }
    }

    /** The nodes whose eth0 carries {@code address} now. */
    private static List<String> holders(ClusterLab cluster, String address) {
        return cluster.nodes().stream().filter(SimulatedNode::isUp).filter(node -> node.run("ip", "-o", "-4", "addr",
                "show", "dev", "eth0").stdout().contains(" " + address + "/")).map(SimulatedNode::name).toList();
    }
}
