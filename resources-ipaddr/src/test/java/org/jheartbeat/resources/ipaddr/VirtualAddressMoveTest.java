package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.jheartbeat.agent.network.LinuxNetwork;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.Succession;
import org.jheartbeat.resource.host.Network;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.netns.EchoReplies;
import org.jheartbeat.testsupport.netns.InNamespace;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing (root): nodes A and B and a client C in network namespaces on one bridge, each node's addresses
 * changed through the agent's own rtnetlink network opened in its namespace, with the real arping, ndisc6 and
 * send_ua. The address moves from A to B the way a handover does it (A stops, then B
 * starts) while C, whose neighbour table still holds A's MAC, pings it. Prints how long after B's start
 * returned C got its first reply, with and without the announcement.
 */
class VirtualAddressMoveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PING_INTERVAL = Duration.ofMillis(10);
    /** Linux forgets a neighbour entry after 15-45 s (base_reachable_time 30 s) plus 5 s delay and 3 probes. */
    private static final Duration NEIGHBOUR_TIMEOUT_BOUND = Duration.ofSeconds(90);
    /** Far beyond the milliseconds an announced move takes; only a broken announcement runs into it. */
    private static final Duration ANNOUNCED_BOUND = Duration.ofSeconds(5);

    private static final Map<String, LinuxNetwork> NETWORKS = new ConcurrentHashMap<>();
    private static NetnsLab lab;
    private static NetnsNode nodeA;
    private static NetnsNode nodeB;
    private static NetnsNode client;

    @BeforeAll
    static void buildSegment() {
        String uid = new ProcessCommandRunner().run(Command.of(Duration.ofSeconds(5), "id", "-u")).stdout().strip();
        assumeTrue(uid.equals("0"), "network namespaces need root");
        lab = NetnsLab.create();
        nodeA = lab.addNode("a", "10.99.7.1/24", "fd99:7::1/64");
        nodeB = lab.addNode("b", "10.99.7.2/24", "fd99:7::2/64");
        client = lab.addNode("c", "10.99.7.3/24", "fd99:7::3/64");
    }

    @AfterAll
    static void removeSegment() throws IOException {
        for (LinuxNetwork network : NETWORKS.values()) {
            network.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void addressMovesToBAndClientFollowsAtOnceWithTheAnnouncement() throws Exception {
        Move move = move("IPaddr::10.99.7.100", "10.99.7.100", ConfigFactory.empty(), ANNOUNCED_BOUND,
                lab.ping(client, "10.99.7.100", PING_INTERVAL));

        assertThat(move.neighbourRightAfterStart()).contains(nodeB.mac());
        assertThat(move.firstReply()).as("a reply within %s; ping said:\n%s", ANNOUNCED_BOUND, move.pingOutput()).isPresent();
        System.out.printf("[ipaddr] IPv4 move WITH announcement: B start took %d ms (duplicate check %d ms); client "
                        + "neighbour -> B's MAC when start returned: %s; first ping reply %d ms after start returned%n",
                move.startMillis(), IpAddrSettings.from(ConfigFactory.empty()).duplicateWait().toMillis(),
                move.neighbourRightAfterStart().filter(nodeB.mac()::equals).isPresent() ? "yes" : "no",
                move.firstReplyMillis());
    }

    @Test
    void withoutTheAnnouncementClientWaitsOutItsNeighbourTimeout() throws Exception {
        Move move = move("IPaddr2::10.99.7.101/24/eth0", "10.99.7.101",
                ConfigFactory.parseString("ipaddr.announce-count = 0"), NEIGHBOUR_TIMEOUT_BOUND,
                lab.ping(client, "10.99.7.101", PING_INTERVAL));

        assertThat(move.neighbourRightAfterStart()).as("the client's stale entry").contains(nodeA.mac());
        assertThat(move.firstReply()).as("ping recovers within %s; ping said:\n%s", NEIGHBOUR_TIMEOUT_BOUND,
                move.pingOutput()).isPresent();
        System.out.printf("[ipaddr] IPv4 move WITHOUT announcement: B start took %d ms; client neighbour still A's MAC "
                + "when start returned; first ping reply %d ms after start returned%n", move.startMillis(), move.firstReplyMillis());
    }

    @Test
    void ipv6AddressMovesWithUnsolicitedNeighbourAdvertisements() throws Exception {
        Move move = move("IPv6addr::fd99:7::100/64", "fd99:7::100", ConfigFactory.empty(), ANNOUNCED_BOUND,
                lab.pingOneShots(client, "fd99:7::100"));

        assertThat(move.neighbourRightAfterStart()).contains(nodeB.mac());
        assertThat(move.firstReply()).as("a reply within %s; ping said:\n%s", ANNOUNCED_BOUND, move.pingOutput()).isPresent();
        System.out.printf("[ipaddr] IPv6 move WITH announcement: B start took %d ms; client neighbour -> B's MAC when "
                + "start returned; first reply to a one-shot ping6 sent then: %d ms after start returned%n", move.startMillis(), move.firstReplyMillis());
    }

    @Test
    void startRefusesAnAddressTheOtherNodeStillHolds() {
        Resource onA = agent("IPaddr2::10.99.7.102/24/eth0", nodeA, ConfigFactory.empty());
        Resource onB = agent("IPaddr2::10.99.7.102/24/eth0", nodeB, ConfigFactory.empty());
        try {
            assertThat(onA.start(TIMEOUT)).isEqualTo(OperationResult.success());

            OperationResult refused = onB.start(TIMEOUT);

            assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(refused.reason()).contains("10.99.7.102 is already held on the segment: " + nodeA.mac());
            assertThat(onB.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        } finally {
            onA.stop(TIMEOUT);
            onB.stop(TIMEOUT);
        }
    }

    /**
     * The protection kept on the takeover path: B takes over from a holder declared dead, but A's node still holds the
     * address and answers (its agent frozen, its cluster links cut but not the clients'). B's kernel asks the segment
     * and B refuses before it adds or announces anything.
     */
    @Test
    void afterTheHolderWasDeclaredDeadANodeStillHoldingTheAddressIsFoundAndTheStartRefused() {
        Resource onA = agent("IPaddr2::10.99.7.105/24/eth0", nodeA, ConfigFactory.empty());
        Resource onB = agentWithKernelProbe("IPaddr2::10.99.7.105/24/eth0", nodeB,
                ConfigFactory.parseString("ipaddr.failover-check-wait = 500ms"));
        try {
            assertThat(onA.start(TIMEOUT)).isEqualTo(OperationResult.success());

            OperationResult refused = onB.start(TIMEOUT, Succession.HOLDER_DEAD);

            assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(refused.reason()).contains("10.99.7.105 is already held on the segment: " + nodeA.mac()
                    + " answered for it on eth0; refusing to start");
            assertThat(onB.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
            assertThat(onA.status(TIMEOUT)).isEqualTo(OperationResult.success());
        } finally {
            onA.stop(TIMEOUT);
            onB.stop(TIMEOUT);
        }
    }

    @Test
    void afterAHandoverOrADeadHoldersTakeoverTheClientFollowsAtOnce() throws Exception {
        for (Succession succession : new Succession[] {Succession.HANDED_OVER, Succession.HOLDER_DEAD}) {
            String address = succession == Succession.HANDED_OVER ? "10.99.7.106" : "10.99.7.107";
            Move move = move("IPaddr2::" + address + "/24/eth0", address, ConfigFactory.empty(), ANNOUNCED_BOUND,
                    lab.ping(client, address, PING_INTERVAL), succession);

            assertThat(move.firstReply()).as("a reply within %s; ping said:\n%s", ANNOUNCED_BOUND, move.pingOutput())
                    .isPresent();
            System.out.printf("[ipaddr] IPv4 move, %s: B start took %d ms; first ping reply %d ms after start "
                    + "returned%n", succession, move.startMillis(), move.firstReplyMillis());
        }
    }

    @Test
    void labelledAddressIsRunningOnlyWhereStartedAndStopsTwice() {
        Resource agent = agent("IPaddr2::10.99.7.103/24/eth0:vip/10.99.7.255", nodeA, ConfigFactory.empty());
        try {
            assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
            assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(lab.exec(nodeA, "ip", "-4", "addr", "show", "label", "eth0:vip").stdout())
                    .contains("inet 10.99.7.103/24 brd 10.99.7.255 scope global secondary eth0:vip");
            assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        } finally {
            agent.stop(TIMEOUT);
        }
    }

    @Test
    void unknownInterfaceFailsValidateNamingTheResource() {
        OperationResult result = agent("IPaddr2::10.99.7.104/24/eth7", nodeA, ConfigFactory.empty()).validate(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(result.reason()).startsWith("IPaddr2::10.99.7.104/24/eth7: interface eth7 does not exist");
    }

    /**
     * A holds the address and C has talked to it; then A stops, C keeps pinging, and B starts. What C's
     * neighbour table says and when C's ping answers again are taken relative to B's start returning.
     */
    private Move move(String token, String address, Config settings, Duration replyWait, EchoReplies ping)
            throws Exception {
        return move(token, address, settings, replyWait, ping, Succession.UNKNOWN);
    }

    private Move move(String token, String address, Config settings, Duration replyWait, EchoReplies ping,
                      Succession succession) throws Exception {
        Resource onA = agent(token, nodeA, settings);
        Resource onB = agentWithKernelProbe(token, nodeB, settings);
        try (ping) {
            assertThat(onA.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(ping.firstReplyAfter(System.nanoTime(), Duration.ofSeconds(5)))
                    .as("A answers before the move; ping said:\n%s", ping.output()).isPresent();
            assertThat(lab.neighbourMac(client, address)).contains(nodeA.mac());

            assertThat(onA.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            long startNanos = System.nanoTime();
            OperationResult started = onB.start(TIMEOUT, succession);
            long returnedNanos = System.nanoTime();
            Optional<String> neighbour = lab.neighbourMac(client, address);
            assertThat(started).isEqualTo(OperationResult.success());
            assertThat(onB.status(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(onA.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);

            Optional<Long> reply = ping.firstReplyAfter(returnedNanos, replyWait);
            return new Move(nanosToMillis(returnedNanos - startNanos), neighbour,
                    reply.map(at -> nanosToMillis(at - returnedNanos)), ping.output());
        } finally {
            onA.stop(TIMEOUT);
            onB.stop(TIMEOUT);
        }
    }

    private static Resource agent(String token, NetnsNode node, Config settings) {
        ResourceSpec spec = ResourceSpec.parse(token);
        ResourceType type = StreamSupport.stream(new IpAddrPlugin().types().spliterator(), false)
                .filter(candidate -> candidate.name().equals(spec.type())).findFirst().orElseThrow();
        try {
            return type.create(spec, new ResourceContext(node.name(), lab.runnerIn(node), new FakeHost(),
                    networkOf(node), new RecordingFencer(), settings));
        } catch (org.jheartbeat.resource.InvalidResourceException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /**
     * An address resource on the node whose quick duplicate check reads and asks that node's own kernel: the test runs
     * outside the namespace, so it reads the table with cat and sends the datagram with bash's /dev/udp inside it.
     */
    private static Resource agentWithKernelProbe(String token, NetnsNode node, Config settings) {
        ResourceSpec spec = ResourceSpec.parse(token);
        NeighbourTable inNamespace = new NeighbourTable() {
            @Override
            public Optional<Neighbour> find(java.net.InetAddress address, String device) {
                return ProcNetArp.parse(lab.exec(node, "cat", "/proc/net/arp").stdout().lines().toList(),
                        address.getHostAddress(), device);
            }

            @Override
            public void solicit(java.net.InetAddress address) {
                lab.exec(node, "bash", "-c", "printf x > /dev/udp/" + address.getHostAddress() + "/9");
            }
        };
        try {
            return new VirtualAddressType(spec.type(), AddressFamilies.IPV4_AND_IPV6, inNamespace).create(spec,
                    new ResourceContext(node.name(), lab.runnerIn(node), new FakeHost(), networkOf(node),
                            new RecordingFencer(), settings));
        } catch (org.jheartbeat.resource.InvalidResourceException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static long nanosToMillis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private record Move(long startMillis, Optional<String> neighbourRightAfterStart, Optional<Long> firstReply,
                        String pingOutput) {
        long firstReplyMillis() {
            return firstReply.orElse(-1L);
        }
    }

    /**
     * The agent's own network (rtnetlink and a packet socket), opened from a thread that entered the node's network
     * namespace, so that it reads and changes that node's interfaces: one per node, closed with the lab.
     */
    private static Network networkOf(NetnsNode node) {
        return NETWORKS.computeIfAbsent(node.name(), name -> {
            try {
                return InNamespace.call(node, LinuxNetwork::open);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
