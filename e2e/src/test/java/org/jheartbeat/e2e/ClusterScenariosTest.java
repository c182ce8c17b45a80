package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's cluster through the failures DESIGN.md's invariants are about, each scenario on a fresh cluster of two
 * simulated nodes running the distribution's agent (root only; CI runs as root). Waits are bounded generously and
 * the times the cluster took are printed ({@code [e2e] ...}), never asserted.
 */
class ClusterScenariosTest {

    /** Far above deadtime (1 s) plus the group's start (about 1 s): a loaded CI machine must not fail the test. */
    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(30);
    /** Ganesha's grace period (5 s) and the client's retries. */
    private static final Duration READ_WAIT = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    @BeforeAll
    static void needsRootAndTheDistribution() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the cluster scenarios build namespaces, loop devices and mounts: root only");
    }

    private static Path home() {
        return Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
    }

    private ClusterLab cluster(ClusterSetup setup) throws IOException {
        return ClusterLab.create(setup, home());
    }

    /**
     * Powers alpha, then beta on, and waits until alpha's group serves the client and alpha has logged the whole
     * group started (the last target can answer a moment before its line is written).
     */
    private static void startBoth(ClusterLab cluster, ClientView client) throws Exception {
        cluster.powerOn("alpha");
        assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
        cluster.powerOn("beta");
        assertThat(cluster.awaitAgentStarted("beta", START_WAIT)).as(cluster::describe).isTrue();
        assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                && client.groupAnswers() && cluster.agentLogText("alpha").contains("node beta alive")
                && cluster.agentLogText("alpha").contains(" resources started")))
                .as(cluster::describe).isTrue();
    }

    private static long awaitSoleHolder(ClusterLab cluster, String node, long sinceNanos) throws InterruptedException {
        assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of(node))))
                .as(cluster::describe).isTrue();
        return Await.millisSince(sinceNanos);
    }

    @Test
    void cleanStartRunsTheSeedsGroupInOrderOnThePreferredNodeOnly() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            long start = System.nanoTime();
            startBoth(cluster, client);
            System.out.printf("[e2e] clean start: alpha serves NFS and iSCSI %d ms after alpha's power-on%n",
                    Await.millisSince(start));

            List<String> started = startedResources(cluster.agentLogText("alpha"));
            assertThat(started).as(cluster::describe).hasSize(5);
            assertThat(started.get(0)).startsWith("IPaddr::");
            assertThat(started.get(1)).startsWith("drbddisk::");
            assertThat(started.get(2)).startsWith("Filesystem::");
            assertThat(started.get(3)).startsWith("nfs-ganesha::");
            assertThat(started.get(4)).startsWith("iSCSITarget::");
            assertThat(startedResources(cluster.agentLogText("beta"))).as("beta starts nothing").isEmpty();
            assertThat(cluster.drbd().proc("A")).contains("ro:Primary/Secondary");
            assertThat(cluster.node("beta").run("grep", "-c", " ext3 ", "/proc/self/mountinfo").stdout().strip())
                    .as("beta mounts nothing").isEqualTo("0");
            assertThat(client.writeFile("clean.txt", "clean start\n")).isTrue();
            assertThat(client.readFile("clean.txt")).isEqualTo("clean start\n");
            // The client's own checks: nfs-cp refuses a file that exists, so an attempt that created its file and lost
            // the answer must not stop the writer, which moves on to a new name.
            assertThat(client.writeFile("clean.txt", "again\n")).as("nfs-cp over an existing file").isFalse();
            assertThat(client.writeFileWithin("clean.txt", "clean start\n", READ_WAIT)).isTrue();
            assertThat(client.writeFile("resumed-0.txt", "left by an attempt whose answer was lost\n")).isTrue();
            try (ClientWriter writer = new ClientWriter(client, "resumed")) {
                assertThat(writer.awaitMoreAcknowledged(1, READ_WAIT)).as(writer::summary).isTrue();
            }
        }
    }

    private static List<String> startedResources(String log) {
        Matcher matcher = Pattern.compile("resource (\\S+) started: in").matcher(log);
        List<String> started = new java.util.ArrayList<>();
        while (matcher.find()) {
            started.add(matcher.group(1));
        }
        return started;
    }

    @Test
    void ownerKilledAndPoweredOffIsTakenOverWithoutLosingAcknowledgedWrites() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            assertThat(client.writeBlock(0, 0x5a)).isTrue();
            try (VipWatch watch = new VipWatch(cluster); ClientWriter writer = new ClientWriter(client, "kill")) {
                assertThat(writer.awaitMoreAcknowledged(5, READ_WAIT)).isTrue();
                cluster.signalAgent("alpha", "KILL");
                long failure = cluster.powerOff("alpha", "test: agent SIGKILLed, then power lost");
                long vip = awaitSoleHolder(cluster, "beta", failure);
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).as("writes resume on beta").isTrue();
                long resumed = Await.millisSince(failure);
                List<String> lost = writer.lostWrites(READ_WAIT);
                System.out.printf("[e2e] SIGKILL + power-off: VIP on beta after %d ms, client writes resumed after %d ms,"
                        + " %s, none lost%n", vip, resumed, writer.summary());
                assertThat(lost).as("acknowledged writes lost").isEmpty();
                assertThat(client.blockHoldsWithin(0, 0x5a, READ_WAIT)).as("iSCSI block written before").isTrue();
                assertThat(watch.overlaps()).as("instants with two VIP holders").isEmpty();
            }
        }
    }

    @Test
    void ownerWithAllLinksCutIsTakenOverAndOneOwnerRemainsWhenTheLinkReturns() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            try (ClientWriter writer = new ClientWriter(client, "cut")) {
                assertThat(writer.awaitMoreAcknowledged(5, READ_WAIT)).isTrue();
                long cut = System.nanoTime();
                cluster.cutLinks("alpha");
                assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.agentLogText("beta")
                        .contains("group IPaddr::" + ClusterLab.VIP + "/24/eth0 started"))).as(cluster::describe).isTrue();
                long took = Await.millisSince(cut);
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).as("writes resume on beta").isTrue();
                assertThat(writer.lostWrites(READ_WAIT)).as("acknowledged writes lost").isEmpty();
                System.out.printf("[e2e] all links cut: beta's group started %d ms after the cut, %s, none lost%n",
                        took, writer.summary());
            }
            long healed = System.nanoTime();
            cluster.restoreLinks("alpha");
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().size() == 1
                    && cluster.agentLogText("beta").contains("node alpha alive"))).as(cluster::describe).isTrue();
            String owner = cluster.vipHolders().get(0);
            long settled = Await.millisSince(healed);
            // The keeper announces the address again once the other copy is stopped: without that, a client that
            // followed the other node's announcements waited out its neighbour entry (33-53 s measured).
            assertThat(Await.condition(READ_WAIT, () -> cluster.agentLogText(owner)
                    .contains("group IPaddr::" + ClusterLab.VIP + "/24/eth0 announcing"))).as(cluster::describe).isTrue();
            assertThat(Await.condition(READ_WAIT, () -> client.readFile("cut-0.txt") != null))
                    .as(cluster::describe).isTrue();
            System.out.printf("[e2e] link back: one owner (%s) %d ms after, the client reads through it %d ms after%n",
                    owner, settled, Await.millisSince(healed));
        }
    }

    @Test
    void partitionLeavesExactlyOneOwnerAfterItHeals() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            assertThat(client.writeFile("before.txt", "before the partition\n")).isTrue();
            cluster.partition();
            // Each side believes the other dead: beta starts the group too, unless it sees alpha's address in use.
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.agentLogText("beta").contains("node alpha dead")))
                    .as(cluster::describe).isTrue();
            long healed = System.nanoTime();
            cluster.heal();
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.agentLogText("beta").contains("node alpha alive")
                    && cluster.vipHolders().size() == 1)).as(cluster::describe).isTrue();
            String owner = cluster.vipHolders().get(0);
            Thread.sleep(3_000);
            assertThat(cluster.vipHolders()).as("still one owner 3 s later").containsExactly(owner);
            System.out.printf("[e2e] partition healed: one owner (%s) %d ms after%n", owner, Await.millisSince(healed));
            assertThat(client.readFileWithin("before.txt", READ_WAIT)).isEqualTo("before the partition\n");
        }
    }

    @Test
    void nfsServerThatDiesIsRestartedInPlaceByTheMonitor() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            assertThat(client.writeFile("monitored.txt", "served by alpha\n")).isTrue();
            String before = ganeshaPid(cluster, "alpha");
            assertThat(cluster.node("alpha").run("kill", "-9", before).succeeded()).isTrue();
            long killed = System.nanoTime();
            assertThat(Await.condition(TAKEOVER_WAIT, () -> {
                String now = ganeshaPid(cluster, "alpha");
                return !now.isEmpty() && !now.equals(before)
                        && cluster.node("alpha").run("kill", "-0", now).succeeded();
            })).as(cluster::describe).isTrue();
            System.out.printf("[e2e] Ganesha killed: restarted on alpha by the monitor after %d ms%n",
                    Await.millisSince(killed));
            assertThat(cluster.vipHolders()).containsExactly("alpha");
            assertThat(client.readFileWithin("monitored.txt", READ_WAIT)).isEqualTo("served by alpha\n");
        }
    }

    private static String ganeshaPid(ClusterLab cluster, String node) {
        CommandResult read = cluster.node(node).run("cat", "/run/ganesha/ganesha.pid");
        return read.succeeded() ? read.stdout().strip() : "";
    }

    @Test
    void nodeThatCannotStopItsGroupFencesItselfBeforeThePeerTakesOver() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            try (VipWatch watch = new VipWatch(cluster); ClientWriter writer = new ClientWriter(client, "fence")) {
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).isTrue();
                cluster.drbd().set("A_open=1");   // someone holds /dev/drbd0 open: DRBD refuses to demote
                long stop = System.nanoTime();
                cluster.signalAgent("alpha", "TERM");
                cluster.awaitFenced("alpha", TAKEOVER_WAIT.multipliedBy(2));
                assertThat(cluster.powerOffs("alpha")).as(cluster::describe).singleElement(InstanceOfAssertFactories.STRING)
                        .contains("drbddisk::r0").contains("Device is held open");
                long vip = awaitSoleHolder(cluster, "beta", stop);
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).as("writes resume on beta").isTrue();
                assertThat(writer.lostWrites(READ_WAIT)).as("acknowledged writes lost").isEmpty();
                System.out.printf("[e2e] failed stop: alpha fenced itself, beta serves %d ms after the stop began, %s%n",
                        vip, writer.summary());
                assertThat(watch.overlaps()).as("instants with two VIP holders").isEmpty();
            }
        }
    }

    @Test
    void inconsistentDrbdWithoutItsPeerAtStartFencesTheNodeWhereDrbdConfAsksForIt() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            cluster.drbd().link("down");
            cluster.drbd().set("B_conn=Unconfigured", "A_conn=WFConnection", "A_disk=Inconsistent");
            long start = System.nanoTime();
            cluster.powerOn("alpha");
            cluster.awaitFenced("alpha", START_WAIT);
            System.out.printf("[e2e] Inconsistent DRBD alone at start: alpha fenced itself %d ms after power-on%n",
                    Await.millisSince(start));
            assertThat(cluster.powerOffs("alpha")).as(cluster::describe).singleElement(InstanceOfAssertFactories.STRING)
                    .contains("Inconsistent").contains("degr-wfc-timeout");
            assertThat(startedResources(cluster.agentLogText("alpha"))).as("nothing started").isEmpty();
        }
    }

    @Test
    void inconsistentDrbdWithoutItsPeerWhereDrbdConfAsksForNothingKeepsTheGroupOffAndTheNodeUp() throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            Path drbdConf = cluster.runDirectory().resolve("drbd.conf");
            String handler = "  handlers { pri-on-incon-degr \"halt -f\"; }\n";
            assertThat(Files.readString(drbdConf)).contains(handler);
            Files.writeString(drbdConf, Files.readString(drbdConf).replace(handler, ""));
            cluster.drbd().link("down");
            cluster.drbd().set("B_conn=Unconfigured", "A_conn=WFConnection", "A_disk=Inconsistent");
            cluster.powerOn("alpha");
            assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();

            assertThat(Await.condition(START_WAIT, () -> cluster.hbctl("alpha", "status").stdout()
                    .contains("drbd.conf asks for no action"))).as(cluster::describe).isTrue();
            String status = cluster.hbctl("alpha", "status").stdout();
            System.out.printf("[e2e] Inconsistent DRBD alone, drbd.conf asks for nothing: alpha stays up and says%n%s",
                    status);
            assertThat(status).contains("refused by a startup check: r0: local disk Inconsistent and peer not"
                    + " reachable within degr-wfc-timeout 3 s");
            assertThat(cluster.powerOffs("alpha")).as("not fenced").isEmpty();
            assertThat(cluster.node("alpha").isUp()).isTrue();
            assertThat(startedResources(cluster.agentLogText("alpha"))).as("nothing started").isEmpty();
        }
    }

    @Test
    void nodeWithTheWrongAuthkeysSecretCannotJoinNorDisturbTheCluster() throws Exception {
        ClusterSetup addressOnly = ClusterSetup.seed().with(Agent.JHEARTBEAT, EnumSet.noneOf(Service.class));
        try (ClusterLab cluster = cluster(addressOnly)) {
            cluster.useSecret("beta", "not-the-cluster-secret");
            cluster.powerOn("alpha");
            assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
            assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha")))).isTrue();
            String alphaMac = cluster.node("alpha").net().mac();
            try (VipWatch watch = new VipWatch(cluster)) {
                cluster.powerOn("beta");
                assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha")
                        .contains("cluster packet from"))).as(cluster::describe).isTrue();
                Thread.sleep(5_000);   // several deadtimes: beta, alone, decides what to do with the group
                assertThat(watch.overlaps()).as(cluster::describe).isEmpty();
            }
            assertThat(cluster.vipHolders()).containsExactly("alpha");
            assertThat(cluster.agentLogText("alpha")).doesNotContain("node beta alive");
            cluster.onClient(Duration.ofSeconds(5), "ping", "-c", "1", "-W", "2", ClusterLab.VIP);
            assertThat(cluster.network().neighbourMac(cluster.client(), ClusterLab.VIP)).as("the client's view")
                    .contains(alphaMac);
        }
    }

    @Test
    void autoFailbackOnReturnsTheGroupToThePreferredNodeWhenItComesBack() throws Exception {
        assertThat(failbackOwner(true)).isEqualTo("alpha");
    }

    @Test
    void autoFailbackOffLeavesTheGroupWhereItRuns() throws Exception {
        assertThat(failbackOwner(false)).isEqualTo("beta");
    }

    /** alpha loses power, beta takes over, alpha comes back: who owns the group once things settle. */
    private String failbackOwner(boolean autoFailback) throws Exception {
        try (ClusterLab cluster = cluster(ClusterSetup.seed().withAutoFailback(autoFailback))) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            assertThat(client.writeFile("failback.txt", "kept\n")).isTrue();
            long failure = cluster.powerOff("alpha", "test: power lost");
            awaitSoleHolder(cluster, "beta", failure);
            try (VipWatch watch = new VipWatch(cluster)) {
                long back = System.nanoTime();
                cluster.powerOn("alpha");
                assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
                assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.agentLogText("beta")
                        .contains("node alpha alive"))).as(cluster::describe).isTrue();
                if (autoFailback) {
                    awaitSoleHolder(cluster, "alpha", back);
                }
                Thread.sleep(3_000);   // a failback that should not happen would have started by now
                System.out.printf("[e2e] auto_failback %s: alpha back, owner %s %d ms after its power-on%n",
                        autoFailback ? "on" : "off", cluster.vipHolders(), Await.millisSince(back));
                assertThat(watch.overlaps()).as("instants with two VIP holders").isEmpty();
            }
            assertThat(client.readFileWithin("failback.txt", READ_WAIT)).isEqualTo("kept\n");
            List<String> holders = cluster.vipHolders();
            assertThat(holders).hasSize(1);
            return holders.get(0);
        }
    }

    @Test
    void standbyHandsTheGroupOverBeforeThePeerStartsIt() throws Exception {
        assumeTrue(Files.exists(home().resolve("lib")) && hbctlKnows("standby"),
                "hbctl standby is not in this build yet (issue 6: the agent's control socket)");
        try (ClusterLab cluster = cluster(ClusterSetup.seed())) {
            ClientView client = new ClientView(cluster);
            startBoth(cluster, client);
            try (VipWatch watch = new VipWatch(cluster); ClientWriter writer = new ClientWriter(client, "standby")) {
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).isTrue();
                long asked = System.nanoTime();
                CommandResult standby = cluster.hbctl("alpha", "standby");
                assertThat(standby.succeeded()).as(standby.describe()).isTrue();
                long vip = awaitSoleHolder(cluster, "beta", asked);
                assertThat(writer.awaitMoreAcknowledged(3, READ_WAIT)).isTrue();
                assertThat(writer.lostWrites(READ_WAIT)).isEmpty();
                System.out.printf("[e2e] hbctl standby: VIP on beta %d ms after the command, %s%n", vip, writer.summary());
                assertThat(watch.overlaps()).isEmpty();
            }
        }
    }

    private static boolean hbctlKnows(String command) throws IOException, InterruptedException {
        Process help = new ProcessBuilder(home().resolve("bin/hbctl").toString(), "--help")
                .redirectErrorStream(true).start();
        String commands = new String(help.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return help.waitFor() == 0 && commands.lines().anyMatch(line -> line.strip().startsWith(command + " ")
                || line.strip().equals(command));
    }
}
