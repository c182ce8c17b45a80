package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jgroups.protocols.PING;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.UUID;
import org.jheartbeat.agent.config.HeartbeatTime;
import org.jheartbeat.agent.membership.AuthenticatedUdp;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Media;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.jgroups.ForgedPackets;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cluster network as a heartbeat site has it: two nodes with an address-only group, each a namespace running the
 * distribution's agent (root only; CI runs as root). Waits are bounded generously; the times taken are printed
 * ({@code [e2e] ...}), never asserted.
 */
class ClusterNetworkTest {

    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(30);
    private static final String CONTROL_SOCKET = "/run/jheartbeat/control.sock";

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the cluster scenarios build namespaces and firewalls: root only");
    }

    private static ClusterLab cluster(Media media) throws java.io.IOException {
        ClusterSetup setup = ClusterSetup.seed().with(Agent.JHEARTBEAT, EnumSet.noneOf(Service.class)).with(media);
        return ClusterLab.create(setup, Path.of(System.getProperty("jheartbeat.home",
                "../packaging/target/jheartbeat")));
    }

    /** alpha, then beta; alpha (preferred) holds the address and has seen beta join. */
    private static void startBoth(ClusterLab cluster) throws Exception {
        cluster.powerOn("alpha");
        assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
        cluster.powerOn("beta");
        assertThat(cluster.awaitAgentStarted("beta", START_WAIT)).as(cluster::describe).isTrue();
        assertThat(Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                && cluster.agentLogText("alpha").contains("node beta alive")
                && cluster.agentLogText("beta").contains("node alpha alive"))).as(cluster::describe).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Media.class)
    void behindAFirewallOpenOnlyToUdpportTheNodesFormOneClusterAndFailOver(Media media) throws Exception {
        try (ClusterLab cluster = cluster(media)) {
            cluster.firewallAllButTheClusterPort();
            try (VipWatch watch = new VipWatch(cluster)) {
                startBoth(cluster);
                for (String node : List.of("alpha", "beta")) {
                    assertOnlyTheClusterPortAndTheControlSocket(cluster, node, media);
                }
                long failure = cluster.powerOff("alpha", "test: power lost behind the firewall");
                assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))))
                        .as(cluster::describe).isTrue();
                System.out.printf("[e2e] %s behind a firewall open to udp/%d only: one cluster, one owner; alpha "
                        + "powered off, address on beta after %d ms (deadtime %s s)%n", media, ClusterSetup.UDP_PORT,
                        Await.millisSince(failure), cluster.setup().deadtime());
                assertThat(watch.overlaps()).as("instants with two address holders").isEmpty();
            }
        }
    }

    /**
     * ha.cf's ucast6 over a crossover cable with IPv6 addresses only, beside bcast on eth0: the launcher gives the
     * JVM its IPv6 sockets for it, each agent listens on its IPv6 address, and with eth0 unplugged on alpha the
     * nodes still hear each other over the cable, so nothing moves.
     */
    @Test
    void aUcast6MediumCarriesTheClusterWhenTheOtherMediumIsCut() throws Exception {
        try (ClusterLab cluster = cluster(Media.BCAST)) {
            List<String> nodes = List.of("alpha", "beta");
            List<String> addresses = List.of("fd79:2::1", "fd79:2::2");
            NetnsLab network = cluster.network();
            network.cable("eth2", cluster.node("alpha").net(), addresses.get(0) + "/64", cluster.node("beta").net(),
                    addresses.get(1) + "/64");
            assertThat(Await.condition(START_WAIT, () -> nodes.stream().allMatch(node -> network.exec(
                    cluster.node(node).net(), "ip", "-6", "addr", "show", "dev", "eth2", "tentative").stdout()
                    .isBlank()))).as("duplicate address detection done on eth2").isTrue();
            cluster.appendToHaCf("ucast6 eth2 " + addresses.get(0) + "\nucast6 eth2 " + addresses.get(1));
            startBoth(cluster);
            for (int i = 0; i < 2; i++) {
                assertThat(cluster.agentSockets(nodes.get(i))).extracting(AgentSocket::local).as(nodes.get(i))
                        .contains("[" + addresses.get(i) + "]:" + ClusterSetup.UDP_PORT);
            }
            cluster.node("alpha").unplug();
            Duration quiet = HeartbeatTime.parse(cluster.setup().deadtime()).orElseThrow().multipliedBy(3);
            Thread.sleep(quiet.toMillis());
            assertThat(cluster.agentLogText("beta")).as("beta still hears alpha over ucast6")
                    .doesNotContain("node alpha dead");
            assertThat(cluster.vipHolders()).containsExactly("alpha");
            System.out.printf("[e2e] ucast6 alone carried the cluster for %d ms (3 x deadtime) with eth0 cut%n",
                    quiet.toMillis());
        }
    }

    /** Listening: the medium's port on the node's own address (and its broadcast or group address), and hbctl's socket. */
    private static void assertOnlyTheClusterPortAndTheControlSocket(ClusterLab cluster, String node, Media media) {
        List<AgentSocket> sockets = cluster.agentSockets(node);
        List<AgentSocket> listening = sockets.stream().filter(AgentSocket::listening).toList();
        Set<String> expected = new TreeSet<>(List.of(cluster.node(node).address() + ":" + ClusterSetup.UDP_PORT));
        switch (media) {
            case BCAST -> expected.add("10.79.0.255:" + ClusterSetup.UDP_PORT);
            case MCAST -> expected.add(ClusterSetup.MULTICAST_GROUP + ":" + ClusterSetup.UDP_PORT);
            case UCAST -> { }
        }
        expected.add(CONTROL_SOCKET);
        Set<String> actual = new TreeSet<>(listening.stream().map(AgentSocket::local).toList());
        assertThat(actual).as("%s's listening sockets (all its sockets: %s)", node, sockets).isEqualTo(expected);
        assertThat(sockets).as("%s's TCP sockets", node).noneMatch(socket -> socket.kind().startsWith("tcp"));
    }

    @Test
    void forgedDiscoveryMergeAndViewPacketsToEveryPortChangeNoNameAddressOrView() throws Exception {
        try (ClusterLab cluster = cluster(Media.BCAST)) {
            startBoth(cluster);
            String statusBefore = members(cluster, "alpha");
            UUID impostor = UUID.randomUUID();
            IpAddress client = new IpAddress(cluster.setup().clientAddress(), ClusterSetup.UDP_PORT);
            ForgedPackets forged = new ForgedPackets("jheartbeat", impostor, AuthenticatedUdp.class, PING.class);
            List<byte[]> packets = List.of(forged.discoveryResponse("beta", client),
                    forged.discoveryResponse("alpha", client), forged.discoveryRequest("mallory", client),
                    forged.mergeInfo(forged.viewOf(List.of(impostor)), "beta", client),
                    forged.view(forged.viewOf(List.of(impostor))));
            List<String> targets = new ArrayList<>();
            for (String node : List.of("alpha", "beta")) {
                cluster.agentSockets(node).stream().filter(socket -> socket.kind().startsWith("udp"))
                        .forEach(socket -> targets.add(socket.local()));
            }
            int sent = 0;
            for (String target : targets) {
                for (byte[] packet : packets) {
                    sendFromClient(cluster, packet, target, sent++);
                }
            }
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.agentLogText("alpha").contains(
                    "cluster packet from " + cluster.setup().clientAddress()))).as(cluster::describe).isTrue();
            Thread.sleep(cluster.setup().deadtimeTime().multipliedBy(3).toMillis());
            System.out.printf("[e2e] %d forged JGroups packets (discovery, merge, view) to %s: dropped unread%n",
                    sent, targets);
            assertThat(members(cluster, "alpha")).isEqualTo(statusBefore);
            assertThat(members(cluster, "beta")).isEqualTo(statusBefore);
            for (String node : List.of("alpha", "beta")) {
                assertThat(cluster.agentLogText(node)).as(node + "'s log").doesNotContain("mallory")
                        .doesNotContain("node alpha dead").doesNotContain("node beta dead")
                        .doesNotContain(impostor.toString());
            }
            assertThat(cluster.vipHolders()).containsExactly("alpha");
        }
    }

    /**
     * Key rotation as docs/configuration.md tells it, on a live pair, one node at a time: add the new key everywhere,
     * switch {@code auth} to it node by node, remove the old key node by node. Each step restarts one agent; after each
     * the two nodes are one cluster again, and no instant has two holders.
     */
    @Test
    void keysRotateNodeByNodeThroughAllThreeStepsWithOneClusterAtEach() throws Exception {
        String old = "1 sha1 " + ClusterFiles.SECRET + "\n";
        String added = "2 sha1 the-new-secret\n";
        List<List<String>> steps = List.of(
                List.of("auth 1\n" + old + added, "new key added"),
                List.of("auth 2\n" + old + added, "signing with the new key"),
                List.of("auth 2\n" + added, "old key removed"));
        try (ClusterLab cluster = cluster(Media.UCAST); VipWatch watch = new VipWatch(cluster)) {
            startBoth(cluster);
            for (List<String> step : steps) {
                for (String node : List.of("alpha", "beta")) {
                    long restarted = System.nanoTime();
                    cluster.writeAuthkeys(node, step.get(0));
                    cluster.restartAgent(node, TAKEOVER_WAIT);
                    assertThat(cluster.awaitAgentStarted(node, START_WAIT)).as(cluster::describe).isTrue();
                    assertThat(Await.condition(START_WAIT, () -> bothOnline(cluster) && cluster.vipHolders().size() == 1))
                            .as("one cluster once %s's agent restarted (%s)", node, step.get(1)).isTrue();
                    System.out.printf("[e2e] key rotation, %s on %s: one cluster again %d ms after the restart%n",
                            step.get(1), node, Await.millisSince(restarted));
                }
            }
            assertThat(watch.overlaps()).as("instants with two address holders").isEmpty();
            for (String node : List.of("alpha", "beta")) {
                assertThat(cluster.agentLogText(node)).as(node + "'s log").doesNotContain("signed with key");
            }
        }
    }

    /**
     * The owner's agent is started while its node holds the group's address on the link's interface (a second,
     * secondary address in the same subnet): the link binds the node's own address, says so in the start-up log and in
     * hbctl config check, and handing the group over afterwards (the address leaves the interface) leaves both nodes
     * members. beta's agent is stopped first and alpha's restarted in place alone (an agent killed outright would
     * have its guard remove the address), so that the address is on eth0 while the new agent binds.
     */
    @Test
    void anAgentStartedUnderItsVirtualAddressBindsTheNodesOwnAndSurvivesTheAddressMoving() throws Exception {
        try (ClusterLab cluster = cluster(Media.BCAST)) {
            startBoth(cluster);
            ProcessHandle beta = cluster.node("beta").agent().orElseThrow();
            cluster.stopAgent("beta");
            assertThat(Await.condition(START_WAIT, () -> !beta.isAlive())).as(cluster::describe).isTrue();
            int firstRun = cluster.agentLogText("alpha").length();
            // A restart in place (systemctl restart, an upgrade) leaves the address on eth0 while the new agent binds.
            cluster.restartAgentInPlace("alpha", START_WAIT);
            assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha").substring(firstRun)
                    .contains("node alpha started"))).as(cluster::describe).isTrue();
            String own = "link eth0 (bcast): 10.79.0.1:694, the primary address of eth0";
            assertThat(cluster.agentLogText("alpha").substring(firstRun)).as("alpha's start-up log").contains(own)
                    .contains("its groups are adopted where they run");
            assertThat(cluster.vipHolders()).as("the address stayed on alpha").containsExactly("alpha");
            List<String> configDir = List.of("config", "check", "--config-dir",
                    ClusterFiles.configDir(cluster.node("alpha").directory()).toString(),
                    "--settings", ClusterFiles.settings(cluster.node("alpha").directory()).toString());
            CommandResult check = cluster.hbctl("alpha", configDir.toArray(String[]::new));
            assertThat(check.stdout()).as(check.describe()).contains("link      " + own.substring("link ".length()));
            assertThat(cluster.agentSockets("alpha")).extracting(AgentSocket::local)
                    .contains("10.79.0.1:" + ClusterSetup.UDP_PORT).doesNotContain(ClusterLab.VIP + ":" + ClusterSetup.UDP_PORT);
            cluster.startAgent("beta");
            assertThat(Await.condition(START_WAIT, () -> bothOnline(cluster)
                    && cluster.vipHolders().equals(List.of("alpha")))).as(cluster::describe).isTrue();
            int linesBefore = cluster.agentLogText("beta").length();
            try (VipWatch watch = new VipWatch(cluster)) {
                CommandResult standby = cluster.hbctl("alpha", "standby");
                assertThat(standby.succeeded()).as(standby.describe()).isTrue();
                assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))))
                        .as(cluster::describe).isTrue();
                Thread.sleep(cluster.setup().deadtimeTime().plusSeconds(2).toMillis());
                assertThat(watch.overlaps()).as("instants with two address holders").isEmpty();
            }
            assertThat(bothMembers(cluster)).as("both members once the address left alpha").isTrue();
            assertThat(cluster.agentLogText("beta").substring(linesBefore)).doesNotContain("node alpha dead")
                    .doesNotContain("link eth0 to alpha down");
        }
    }

    /**
     * An agent started while its node's cable is unplugged joins once it is plugged in (issue 23, found by the fault
     * lab: a node restarted just before its cable was cut stayed out of the cluster for good). JGroups reads the
     * interfaces' addresses once and checks the link's address against them; the link's retries now have it read them
     * again.
     */
    @Test
    void anAgentStartedWithItsCableUnpluggedJoinsOncePluggedIn() throws Exception {
        try (ClusterLab cluster = cluster(Media.UCAST)) {
            cluster.powerOn("alpha");
            assertThat(cluster.awaitAgentStarted("alpha", START_WAIT)).as(cluster::describe).isTrue();
            cluster.boot("beta");
            cluster.node("beta").unplug();
            cluster.startAgent("beta");
            assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("beta")
                    .contains("cannot join the cluster on it yet"))).as(cluster::describe).isTrue();
            cluster.node("beta").plugIn();
            assertThat(Await.condition(START_WAIT, () -> bothMembers(cluster))).as(cluster::describe).isTrue();
        }
    }

    /**
     * Issue 20's flood, short (scripts/benchmark.sh flood runs the long one and prints its figures): 20,000 datagrams
     * a second of each kind for 5 s to the segment's broadcast address on udpport, framed as jheartbeat's but without
     * the key, so that both agents read every one. No node or link declared dead, the address never off alpha, each
     * log grown by a few rate-limited lines at most, and alpha's power loss afterwards is still a failover.
     */
    @Test
    void aFloodWithoutTheKeyChangesNoViewAndMovesNoGroup() throws Exception {
        try (ClusterLab cluster = cluster(Media.BCAST)) {
            startBoth(cluster);
            for (String kind : FloodRun.KINDS) {
                FloodRun run = FloodRun.flood(cluster, kind, 20_000, Duration.ofSeconds(5));
                System.out.printf("[e2e] flood%n%s%n%s%n", FloodRun.HEADER, run.row());
                assertThat(run.sent()).as("datagrams sent").isPositive();
                assertThat(run.viewChanges()).as("view changes during the %s flood", kind).isEmpty();
                assertThat(run.elsewhere()).as("address samples not on alpha alone").isEmpty();
                assertThat(run.logGrowth().values()).as("log growth in bytes").allMatch(bytes -> bytes < 16_384);
            }
            long failure = cluster.powerOff("alpha", "test: power lost after the flood");
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))))
                    .as(cluster::describe).isTrue();
            System.out.printf("[e2e] after the floods alpha powered off: address on beta after %d ms (deadtime %s s)%n",
                    Await.millisSince(failure), cluster.setup().deadtime());
        }
    }

    /** alpha, beta and a third machine on one segment (bcast), the group's address-only group preferring alpha. */
    private static ClusterLab threeMachines() throws java.io.IOException {
        ClusterSetup setup = ClusterSetup.seed().with(Agent.JHEARTBEAT, EnumSet.noneOf(Service.class)).with(Media.BCAST);
        return ClusterLab.create(new ClusterSetup(setup.agent(), setup.keepalive(), setup.deadtime(), setup.warntime(),
                setup.initdead(), false, Set.of(), 3, 1, Media.BCAST), Path.of(System.getProperty("jheartbeat.home",
                "../packaging/target/jheartbeat")));
    }

    /**
     * A machine with the key whose node name alpha's and beta's ha.cf do not list (gamma's own lists it): refused by
     * both, told so, never a member, and it runs no group, though it is alone in its own view.
     */
    @Test
    void aNodeNameHaCfDoesNotListIsNeverAMemberAndRunsNoGroup() throws Exception {
        try (ClusterLab cluster = threeMachines(); VipWatch watch = new VipWatch(cluster)) {
            for (String listing : List.of("alpha", "beta")) {
                cluster.editHaCf(listing, text -> text.replace("node gamma\n", ""));
            }
            startBoth(cluster);
            cluster.powerOn("gamma");
            assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("alpha").contains(
                    "node gamma at 10.79.0.3:694 refused: node name gamma is not one of ha.cf's nodes here (alpha, beta)")
                    && cluster.agentLogText("gamma").contains("this node at 10.79.0.3:694 is refused by its cluster")))
                    .as(cluster::describe).isTrue();
            Thread.sleep(cluster.setup().initdeadTime().plus(cluster.setup().deadtimeTime().multipliedBy(3)).toMillis());
            assertThat(cluster.hbctl("alpha", "status").stdout()).contains("Online: [ alpha beta ]")
                    .contains("Refused on the cluster port").contains("gamma at 10.79.0.3:694: node name gamma is not");
            assertThat(cluster.hbctl("gamma", "status").stdout()).contains("This node is REFUSED by its cluster");
            assertThat(cluster.agentLogText("alpha")).doesNotContain("node gamma alive");
            assertThat(cluster.agentLogText("gamma")).doesNotContain("acquiring on gamma");
            assertThat(cluster.addressHolders().get(ClusterLab.VIP)).containsExactly("alpha");
            assertThat(watch.overlaps()).as("instants with two address holders").isEmpty();
        }
    }

    /**
     * A third machine started as "beta" while beta runs (a cloned VM): the newcomer yields, alpha refuses it and logs
     * both addresses, beta stays the member, and when alpha then loses power the real beta takes the group over while
     * the clone runs nothing.
     */
    @Test
    void aSecondProcessClaimingAMembersNameIsRefusedWithBothAddressesAndRunsNoGroup() throws Exception {
        try (ClusterLab cluster = threeMachines(); VipWatch watch = new VipWatch(cluster)) {
            for (String machine : List.of("alpha", "beta", "gamma")) {
                cluster.editHaCf(machine, text -> text.replace("node gamma\n", ""));
            }
            startBoth(cluster);
            cluster.boot("gamma");
            cluster.startAgentAs("gamma", "beta");
            // The clone learns it from alpha's notice or from beta's own packets, whichever comes first; in the latter
            // case it falls silent before alpha or beta hear it.
            assertThat(Await.condition(START_WAIT, () -> cluster.agentLogText("gamma").contains(
                    "this node at 10.79.0.3:694 is refused by its cluster"))).as(cluster::describe).isTrue();
            assertThat(cluster.agentLogText("gamma")).contains("node name beta is in use by the process")
                    .contains("10.79.0.2:694");
            Thread.sleep(cluster.setup().initdeadTime().plus(cluster.setup().deadtimeTime().multipliedBy(3)).toMillis());
            assertThat(cluster.addressHolders().get(ClusterLab.VIP)).containsExactly("alpha");
            long failure = cluster.powerOff("alpha", "test: power lost with a clone of beta on the segment");
            assertThat(Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))))
                    .as(cluster::describe).isTrue();
            System.out.printf("[e2e] a clone of beta refused; alpha powered off, the real beta serves %d ms after%n",
                    Await.millisSince(failure));
            Thread.sleep(cluster.setup().deadtimeTime().multipliedBy(3).toMillis());
            assertThat(cluster.agentLogText("gamma")).doesNotContain("acquiring on beta");
            assertThat(cluster.vipHolders()).containsExactly("beta");
            assertThat(watch.overlaps()).as("instants with two address holders").isEmpty();
        }
    }

    /** Each node's status has both up on every link (one online, one in standby, or both online). */
    private static boolean bothMembers(ClusterLab cluster) {
        return List.of("alpha", "beta").stream().allMatch(node -> {
            CommandResult status = cluster.hbctl(node, "status");
            return status.succeeded() && status.stdout().contains("* alpha: eth0 up")
                    && status.stdout().contains("* beta: eth0 up") && !status.stdout().contains("OFFLINE");
        });
    }

    private static boolean bothOnline(ClusterLab cluster) {
        return List.of("alpha", "beta").stream().allMatch(node -> {
            CommandResult status = cluster.hbctl(node, "status");
            return status.succeeded() && status.stdout().contains("Online: [ alpha beta ]");
        });
    }

    /** The members line of {@code hbctl status} on the node. */
    private static String members(ClusterLab cluster, String node) {
        CommandResult status = cluster.hbctl(node, "status");
        assertThat(status.succeeded()).as(status.describe()).isTrue();
        return status.stdout().lines().filter(line -> line.contains("Online")).findFirst().orElse(status.stdout());
    }

    /** One datagram from the client's namespace, from the cluster's port, as a node would send it. */
    private static void sendFromClient(ClusterLab cluster, byte[] packet, String target, int index) throws Exception {
        Path file = Files.write(cluster.runDirectory().resolve("forged-" + index + ".bin"), packet);
        String host = target.substring(0, target.lastIndexOf(':'));
        String port = target.substring(target.lastIndexOf(':') + 1);
        CommandResult sent = cluster.onClient(Duration.ofSeconds(10), "socat", "-u", "OPEN:" + file,
                "UDP-SENDTO:" + host + ":" + port + ",sourceport=" + ClusterSetup.UDP_PORT + ",broadcast");
        assertThat(sent.succeeded()).as(sent.describe()).isTrue();
    }
}
