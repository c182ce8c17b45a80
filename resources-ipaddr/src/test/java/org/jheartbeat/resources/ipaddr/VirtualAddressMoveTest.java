package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.netns.EchoReplies;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real thing (root): nodes A and B and a client C in network namespaces on one bridge, running the real
 * ip, arping, ndisc6 and send_ua. The address moves from A to B the way a handover does it (A stops, then B
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
    static void removeSegment() {
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
        Resource onA = agent(token, nodeA, settings);
        Resource onB = agent(token, nodeB, settings);
        try (ping) {
            assertThat(onA.start(TIMEOUT)).isEqualTo(OperationResult.success());
            assertThat(ping.firstReplyAfter(System.nanoTime(), Duration.ofSeconds(5)))
                    .as("A answers before the move; ping said:\n%s", ping.output()).isPresent();
            assertThat(lab.neighbourMac(client, address)).contains(nodeA.mac());

            assertThat(onA.stop(TIMEOUT)).isEqualTo(OperationResult.success());
            long startNanos = System.nanoTime();
            OperationResult started = onB.start(TIMEOUT);
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
}
