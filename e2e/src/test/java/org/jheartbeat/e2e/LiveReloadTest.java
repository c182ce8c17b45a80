package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.netns.PingWatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live reload (issue 21, item 1) on the two-node cluster of a {@link SiteLab}: alpha runs the address and the site's
 * {@code sitesvc} script; the operator edits haresources on both nodes and reloads each: with SIGHUP, {@code hbctl
 * config reload}, and the packaged init script's {@code reload} and {@code force-reload}. Only what changed is applied, and the running group is never touched: its address
 * answers the client's ping every 50 ms, is on alpha alone at every 50 ms sample ({@link VipWatch}), and the site's
 * calls log shows no stop and no start of it. Root only; the reload time is printed as an {@code [e2e]} line.
 */
class LiveReloadTest {

    private static final Duration START_WAIT = Duration.ofSeconds(90);
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    private static final String ADDED = "beta IPaddr::10.79.0.101/24/eth0 sitesvc::extra";
    private static final String ADDED_GROUP = "IPaddr::10.79.0.101/24/eth0";

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the reload scenarios build namespaces and mounts: root only");
    }

    private static Path home() {
        return Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
    }

    @Test
    void aGroupAddedByHupAndHbctlIsPlacedWhileTheRunningGroupIsNeverTouched() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            String running = haresources(cluster);
            long alphaAgent = cluster.node("alpha").agent().orElseThrow().pid();
            int callsBefore = site.calls().size();
            try (VipWatch watch = new VipWatch(cluster);
                 PingWatch pings = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                cluster.signalAgent("alpha", "HUP");
                assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha")
                        .contains("Configuration unchanged."))).as("heartbeat's line for a HUP that changes nothing")
                        .isTrue();

                writeHaresources(cluster, running + "\n" + ADDED + "\n");
                CommandResult onBeta = cluster.hbctl("beta", "config", "reload");
                assertThat(onBeta.exitCode()).as(onBeta.describe()).isZero();
                assertThat(onBeta.stdout()).isEqualTo("group " + ADDED_GROUP + " added (preferred node beta): placed "
                        + "as the cluster decides\n");
                CommandResult differing = cluster.hbctl("alpha", "status");
                assertThat(differing.stdout()).as(differing.describe()).contains("Configurations differ: beta runs ");

                long hup = System.nanoTime();
                cluster.signalAgent("alpha", "HUP");
                assertThat(site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                        && call.script().equals("sitesvc:extra") && call.action().equals("start") && call.ended()))
                        .as("the added group started on beta").isPresent();
                System.out.printf("[e2e] reload: SIGHUP on alpha (the second node to reload) to the added group "
                        + "running on beta: %d ms%n", Await.millisSince(hup));
                site.awaitSettled(START_WAIT);
                assertThat(watch.samplesOtherThan(List.of("alpha"))).as("samples without alpha alone").isEmpty();
                assertThat(pings.unanswered()).as("pings of the running group's address unanswered").isEmpty();
            }
            assertThat(site.calls().subList(callsBefore, site.calls().size()).stream()
                    .filter(call -> !call.action().equals("status")).map(call -> call.node() + " " + call.script() + " "
                            + call.action()).distinct().toList()).as("calls of the site's script")
                    .containsExactly("beta sitesvc:extra start");
            assertThat(cluster.node("alpha").agent().map(ProcessHandle::pid)).as("alpha's agent").contains(alphaAgent);
            assertThat(cluster.agentLogText("alpha")).doesNotContain("shutting down");
            CommandResult status = cluster.hbctl("alpha", "status");
            assertThat(status.stdout()).as(status.describe()).doesNotContain("Configurations differ")
                    .contains(ADDED_GROUP);
            CommandResult answers = cluster.onClient(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "2",
                    "10.79.0.101");
            assertThat(answers.exitCode()).as(answers.describe()).isZero();
        }
    }

    @Test
    void aBadReloadChangesNothingAChangedGroupRestartsFromItsChangeAndARemovedGroupStops() throws Exception {
        try (SiteLab site = SiteLab.create(Site.of("sitesvc"), Agent.JHEARTBEAT, home())) {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            String running = haresources(cluster);
            int callsBefore = site.calls().size();
            try (VipWatch watch = new VipWatch(cluster);
                 PingWatch pings = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                writeHaresources(cluster, running + "\ngamma IPaddr::10.79.0.102/24/eth0\n");
                String logBefore = cluster.agentLogText("alpha");
                CommandResult bad = cluster.hbctl("alpha", "config", "reload");
                assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(1);
                assertThat(bad.stdout()).isEmpty();
                assertThat(bad.stderr()).contains("haresources:2:", "gamma", "nothing changed: the agent runs on as "
                        + "it was");
                CommandResult badByInitScript = initScript(cluster, "alpha", "reload");
                assertThat(badByInitScript.exitCode()).as(badByInitScript.describe()).isEqualTo(1);
                assertThat(badByInitScript.stderr()).contains("haresources:2:", "nothing changed");
                assertThat(cluster.agentLogText("alpha").substring(logBefore.length()))
                        .contains("configuration not reloaded", "haresources:2:");
                CommandResult status = cluster.hbctl("alpha", "status");
                assertThat(status.stdout()).as(status.describe()).doesNotContain("10.79.0.102")
                        .doesNotContain("Configurations differ");

                reloadBoth(cluster, running + "\n" + ADDED + "\n");
                assertThat(site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                        && call.script().equals("sitesvc:extra") && call.action().equals("start") && call.ended()))
                        .as("the added group started on beta").isPresent();
                site.awaitSettled(START_WAIT);

                try (PingWatch added = cluster.network().ping(cluster.client(), "10.79.0.101", PING_INTERVAL)) {
                    List<String> changed = reloadBoth(cluster, running + "\n" + ADDED.replace("extra", "other")
                            + "\n");
                    assertThat(changed).contains("group " + ADDED_GROUP + " changed from resource 2: where it runs, it "
                            + "stops sitesvc::extra, then starts sitesvc::other; the resource before it keeps running");
                    assertThat(site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                            && call.script().equals("sitesvc:other") && call.action().equals("start")
                            && call.ended())).as("the changed resource started").isPresent();
                    site.awaitSettled(START_WAIT);
                    assertThat(added.unanswered()).as("pings of the changed group's address, kept through its "
                            + "restart from resource 2").isEmpty();
                }

                assertThat(reloadBoth(cluster, running + "\n")).contains("group " + ADDED_GROUP + " removed: stopped "
                        + "where it runs");
                assertThat(site.awaitCall(START_WAIT, call -> call.node().equals("beta")
                        && call.script().equals("sitesvc:other") && call.action().equals("stop") && call.ended()))
                        .as("the removed group stopped").isPresent();
                site.awaitSettled(START_WAIT);
                CommandResult gone = cluster.onClient(Duration.ofSeconds(10), "ping", "-c", "1", "-W", "1",
                        "10.79.0.101");
                assertThat(gone.exitCode()).as("the removed group's address: " + gone.describe()).isNotZero();
                assertThat(watch.samplesOtherThan(List.of("alpha"))).as("samples without alpha alone").isEmpty();
                assertThat(pings.unanswered()).as("pings of the untouched group's address unanswered").isEmpty();
            }
            List<SiteCall> calls = site.calls().subList(callsBefore, site.calls().size());
            assertThat(calls).as("calls of the untouched group's script")
                    .noneMatch(call -> call.script().equals("sitesvc") && !call.action().equals("status"));
            assertThat(calls.stream().filter(call -> !call.action().equals("status")).map(call -> call.node() + " "
                    + call.script() + " " + call.action()).distinct().toList()).as("what the reloads did")
                    .containsExactly("beta sitesvc:extra start", "beta sitesvc:extra stop", "beta sitesvc:other start",
                            "beta sitesvc:other stop");
        }
    }

    /**
     * The operator edits haresources on both nodes and reloads beta with hbctl, then alpha through the init script's
     * force-reload; what alpha's reload printed.
     */
    private static List<String> reloadBoth(ClusterLab cluster, String haresources) throws IOException {
        writeHaresources(cluster, haresources);
        reload(cluster, "beta");
        CommandResult forced = initScript(cluster, "alpha", "force-reload");
        assertThat(forced.exitCode()).as(forced.describe()).isZero();
        return forced.stdout().lines().toList();
    }

    /**
     * The packaged init script run on the node, its two programs pointed at the build's and its pid file naming the
     * node's agent (as start-stop-daemon would have written it).
     */
    private static CommandResult initScript(ClusterLab cluster, String node, String action) throws IOException {
        Path script = cluster.runDirectory().resolve("init.d-heartbeat");
        Path bin = home().resolve("bin").toAbsolutePath();
        Files.writeString(script, Files.readString(Path.of("../packaging/src/deb/root/etc/init.d/heartbeat"))
                .replace("DAEMON=/usr/sbin/jheartbeat", "DAEMON=" + bin.resolve("jheartbeat"))
                .replace("HBCTL=/usr/sbin/hbctl", "HBCTL=" + bin.resolve("hbctl")));
        long pid = cluster.node(node).agent().orElseThrow().pid();
        CommandResult pidFile = cluster.node(node).run("sh", "-c", "mkdir -p /run/jheartbeat && echo " + pid
                + " > /run/jheartbeat/jheartbeat.pid");
        assertThat(pidFile.exitCode()).as(pidFile.describe()).isZero();
        return cluster.node(node).run(Duration.ofSeconds(60), "sh", script.toString(), action);
    }

    private static List<String> reload(ClusterLab cluster, String node) {
        CommandResult reload = cluster.hbctl(node, "config", "reload");
        assertThat(reload.exitCode()).as(reload.describe()).isZero();
        return reload.stdout().lines().toList();
    }

    /** alpha's haresources as the lab wrote it: the address and the site's script. */
    private static String haresources(ClusterLab cluster) throws IOException {
        return Files.readString(ClusterFiles.configDir(cluster.node("alpha").directory()).resolve("haresources"))
                .strip();
    }

    /** The operator's edit, the same on both nodes. */
    private static void writeHaresources(ClusterLab cluster, String text) throws IOException {
        for (SimulatedNode node : cluster.nodes()) {
            Files.writeString(ClusterFiles.configDir(node.directory()).resolve("haresources"), text);
        }
    }
}
