package org.jheartbeat.resources.ipaddr;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.Succession;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.junit.jupiter.api.Test;

/**
 * The agent against iproute2, arping, ndisc6 and send_ua output recorded on Debian 12 inside network namespaces
 * by {@code src/test/resources/recorded/record.sh}.
 */
class VirtualAddressResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String ANNOUNCE_REQUEST = "arping -q -U -S 10.79.0.100 -c 1 -w 0 -i eth0 10.79.0.100";
    private static final String ANNOUNCE_REPLY = "arping -q -U -P -S 10.79.0.100 -c 1 -w 0 -i eth0 10.79.0.100";

    private final FakeCommandRunner runner = new FakeCommandRunner();

    /** By default the resource can send no frames itself: announcements go through arping as the commands say. */
    private final RecordedIproute network = new RecordedIproute(runner, false);

    private Resource agent(String token, String settings) throws Exception {
        return agent(token, settings, network);
    }

    private Resource agent(String token, String settings, RecordedIproute through) throws Exception {
        ResourceSpec spec = ResourceSpec.parse(token);
        AddressFamilies families = StreamSupport.stream(new IpAddrPlugin().types().spliterator(), false)
                .filter(candidate -> candidate.name().equals(spec.type())).findFirst()
                .map(type -> ((VirtualAddressType) type).families()).orElseThrow();
        return new VirtualAddressType(spec.type(), families, answering(java.util.Optional.empty())).create(
                spec, new ResourceContext("a", runner, new FakeHost(), through, new RecordingFencer(),
                        ConfigFactory.parseString(settings)));
    }

    /** An IPaddr2 resource whose quick duplicate check reads {@code neighbours} instead of this machine's table. */
    private Resource agent(String token, String settings, NeighbourTable neighbours) throws Exception {
        return new VirtualAddressType("IPaddr2", AddressFamilies.IPV4_AND_IPV6, neighbours).create(
                ResourceSpec.parse(token), new ResourceContext("a", runner, new FakeHost(), network, new RecordingFencer(),
                        ConfigFactory.parseString(settings)));
    }

    /** A neighbour table with no entry before the kernel is asked, and {@code answer} after. */
    private static NeighbourTable answering(java.util.Optional<NeighbourTable.Neighbour> answer) {
        return new NeighbourTable() {
            private boolean asked;

            @Override
            public java.util.Optional<Neighbour> find(java.net.InetAddress address, String device) {
                return asked ? answer : java.util.Optional.empty();
            }

            @Override
            public void solicit(java.net.InetAddress address) {
                asked = true;
            }
        };
    }

    private void answer(String name, String... argvPrefix) {
        Recorded.answer(runner.on(argvPrefix), name);
    }

    /** What {@code ip -j addr show} answers, as recorded. */
    private void addresses(String recording) {
        answer(recording, "ip", "-j", "addr", "show");
    }

    private void addressesBeforeAndAfter(String before, String after) {
        runner.on("ip", "-j", "addr", "show")
                .answer(0, Recorded.run(before).stdout())
                .answer(0, Recorded.run(after).stdout());
    }

    private List<String> waitForCalls(int count) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runner.calls().size() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        return runner.commandLines();
    }

    @Test
    void startProbesAddsAndAnnouncesFirstBeforeReturningTheRestInTheBackground() throws Exception {
        Resource agent = agent("IPaddr::10.79.0.100", "ipaddr { announce-count = 3, announce-interval = 10ms }");
        addresses("ip-addr-show-without-vip");
        answer("ip-route-match-connected-and-default", "ip", "-j", "-4", "route", "show", "match", "10.79.0.100");
        answer("arping-probe-unanswered", "arping", "-0");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        OperationResult result = agent.start(TIMEOUT);
        List<String> atReturn = runner.commandLines();

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(atReturn).startsWith(
                "ip -j addr show",
                "ip -j -4 route show match 10.79.0.100",
                "arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth0 10.79.0.100",
                "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0",
                ANNOUNCE_REQUEST);
        assertThat(waitForCalls(4 + 6)).endsWith(
                ANNOUNCE_REQUEST, ANNOUNCE_REPLY, ANNOUNCE_REQUEST, ANNOUNCE_REPLY, ANNOUNCE_REQUEST, ANNOUNCE_REPLY);
    }

    @Test
    void theFirstRoundGoesOutAsFramesTheResourceSendsItselfTheRestThroughArping() throws Exception {
        RecordedIproute ethernet = new RecordedIproute(runner, true);
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr { announce-count = 2, announce-interval = 10ms }",
                ethernet);
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-unanswered", "arping", "-0");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(ethernet.sent()).as("a gratuitous request and reply, broadcast, for 10.79.0.100 from eth0's "
                        + "ee:d5:70:74:fa:03")
                .containsExactly(
                        "eth0 ffffffffffffeed57074fa030806" + "0001080006040001" + "eed57074fa03" + "0a4f0064"
                                + "ffffffffffff" + "0a4f0064",
                        "eth0 ffffffffffffeed57074fa030806" + "0001080006040002" + "eed57074fa03" + "0a4f0064"
                                + "ffffffffffff" + "0a4f0064");
        assertThat(waitForCalls(3 + 2)).as("the second round through arping").containsExactly("ip -j addr show",
                "arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth0 10.79.0.100",
                "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0", ANNOUNCE_REQUEST, ANNOUNCE_REPLY);
    }

    @Test
    void aLinkThatCannotSendLeavesTheFirstRoundToArping() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.announce-count = 1",
                new RecordedIproute(runner, false));
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-unanswered", "arping", "-0");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(waitForCalls(3 + 2)).endsWith("ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0", ANNOUNCE_REQUEST,
                ANNOUNCE_REPLY);
    }

    @Test
    void startPassesLabelAndBroadcastToIproute() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0:0/10.79.0.255", "ipaddr.announce-count = 0");
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-unanswered", "arping", "-0");
        runner.on("ip", "addr", "add").answer(0, "");

        assertThat(agent.start(TIMEOUT).isSuccess()).isTrue();
        assertThat(runner.commandLines()).contains("ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0 label eth0:0");
    }

    @Test
    void startOnARunningAddressChangesNothing() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-with-vip");

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly("ip -j addr show");
    }

    @Test
    void announceSendsTheAnnouncementsAgainWhenTheAddressIsHere() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr { announce-count = 2, announce-interval = 10ms }");
        addresses("ip-addr-show-with-vip");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.announce(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(waitForCalls(1 + 4)).containsExactly("ip -j addr show",
                ANNOUNCE_REQUEST, ANNOUNCE_REPLY, ANNOUNCE_REQUEST, ANNOUNCE_REPLY);
    }

    @Test
    void announceWithoutTheAddressSendsNothing() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-without-vip");

        assertThat(agent.announce(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(runner.commandLines()).containsExactly("ip -j addr show");
    }

    @Test
    void startRefusesAnAddressAnotherNodeAnswersFor() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-answered", "arping", "-0");

        OperationResult result = agent.start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).startsWith("IPaddr2::10.79.0.100/24/eth0: 10.79.0.100 is already held on the segment: ")
                .containsPattern("([0-9a-f]{2}:){5}[0-9a-f]{2} answered for it on eth0; refusing to start");
        assertThat(runner.commandLines()).noneMatch(line -> line.startsWith("ip addr add"));
    }

    @Test
    void afterAHandoverWhoseStopWasConfirmedTheAddressIsAddedWithoutAsking() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.announce-count = 1");
        addresses("ip-addr-show-without-vip");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT, Succession.HANDED_OVER)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).startsWith("ip -j addr show", "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0",
                ANNOUNCE_REQUEST);
    }

    @Test
    void afterTheHolderDiedAnAnswerToTheKernelsRequestRefusesTheStartBeforeAnythingIsAdded() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "",
                answering(java.util.Optional.of(new NeighbourTable.Neighbour(true, "f2:63:54:c5:33:50"))));
        addresses("ip-addr-show-without-vip");

        OperationResult result = agent.start(TIMEOUT, Succession.HOLDER_DEAD);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("IPaddr2::10.79.0.100/24/eth0: 10.79.0.100 is already held on the segment: "
                + "f2:63:54:c5:33:50 answered for it on eth0; refusing to start (jheartbeat.resources.ipaddr.on-duplicate"
                + " = warn adds it anyway)");
        assertThat(runner.commandLines()).containsExactly("ip -j addr show");
    }

    @Test
    void afterTheHolderDiedAnUnansweredKernelRequestAddsTheAddressWithoutATool() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.announce-count = 1",
                answering(java.util.Optional.of(new NeighbourTable.Neighbour(false, "00:00:00:00:00:00"))));
        addresses("ip-addr-show-without-vip");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT, Succession.HOLDER_DEAD)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).startsWith("ip -j addr show", "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0",
                ANNOUNCE_REQUEST);
    }

    @Test
    void afterTheHolderDiedTheKernelIsAskedBeforeTheInterfacesAreReadWhereTheArgumentNamesThemAll() throws Exception {
        List<Integer> commandsRunWhenAsked = new java.util.ArrayList<>();
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.announce-count = 1",
                askedAfter(commandsRunWhenAsked, java.util.Optional.of(new NeighbourTable.Neighbour(false, "00:00:00:00:00:00"))));
        addresses("ip-addr-show-without-vip");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT, Succession.HOLDER_DEAD)).isEqualTo(OperationResult.success());
        assertThat(commandsRunWhenAsked).as("the question went out before ip ran, so its wait passed meanwhile")
                .containsExactly(0);
        assertThat(runner.commandLines()).startsWith("ip -j addr show", "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0");
    }

    @Test
    void afterTheHolderDiedAnArgumentLeavingTheInterfaceToFindIsAskedForOnceFound() throws Exception {
        List<Integer> commandsRunWhenAsked = new java.util.ArrayList<>();
        Resource agent = agent("IPaddr2::10.79.0.100", "ipaddr.announce-count = 1",
                askedAfter(commandsRunWhenAsked, java.util.Optional.of(new NeighbourTable.Neighbour(true, "f2:63:54:c5:33:50"))));
        addresses("ip-addr-show-without-vip");
        answer("ip-route-match-connected-and-default", "ip", "-j", "-4", "route", "show", "match", "10.79.0.100");

        assertThat(agent.start(TIMEOUT, Succession.HOLDER_DEAD).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(commandsRunWhenAsked).as("asked on the interface the route named").containsExactly(2);
        assertThat(runner.commandLines()).containsExactly("ip -j addr show", "ip -j -4 route show match 10.79.0.100");
    }

    /** {@link #answering}, noting how many commands had run when the kernel was asked. */
    private NeighbourTable askedAfter(List<Integer> commandsRun, java.util.Optional<NeighbourTable.Neighbour> answer) {
        NeighbourTable table = answering(answer);
        return new NeighbourTable() {
            @Override
            public java.util.Optional<Neighbour> find(java.net.InetAddress address, String device) throws java.io.IOException {
                return table.find(address, device);
            }

            @Override
            public void solicit(java.net.InetAddress address) throws java.io.IOException {
                commandsRun.add(runner.commandLines().size());
                table.solicit(address);
            }
        };
    }

    @Test
    void afterTheHolderDiedATableThatCannotTellFallsBackToArpingWithTheShortWait() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "", answering(java.util.Optional.empty()));
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-answered", "arping", "-0");

        OperationResult result = agent.start(TIMEOUT, Succession.HOLDER_DEAD);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(runner.commandLines()).containsExactly("ip -j addr show",
                "arping -0 -C 1 -c 2 -W 0.010 -w 0.020 -i eth0 10.79.0.100");
    }

    @Test
    void onDuplicateWarnAddsTheAddressAnyway() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr { on-duplicate = warn, announce-count = 1 }");
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-answered", "arping", "-0");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");

        assertThat(agent.start(TIMEOUT).isSuccess()).isTrue();
        assertThat(runner.commandLines()).contains("ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0");
    }

    @Test
    void aProbeThatCannotRunRefusesTheStart() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-unknown-device", "arping", "-0");

        OperationResult result = agent.start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("cannot check whether 10.79.0.100 is free: arping -0")
                .contains("libnet_check_iface() ioctl: No such device");
    }

    @Test
    void unknownInterfaceIsAConfigurationErrorNamingTheResource() throws Exception {
        Resource agent = agent("IPaddr::10.79.0.100/24/eth9", "");
        addresses("ip-addr-show-without-vip");

        OperationResult validated = agent.validate(TIMEOUT);
        OperationResult started = agent.start(TIMEOUT);

        assertThat(validated).isEqualTo(OperationResult.misconfigured(
                "IPaddr::10.79.0.100/24/eth9: interface eth9 does not exist on this node (it has lo, eth0)"));
        assertThat(started).isEqualTo(validated);
    }

    @Test
    void failedAddReportsTheAnswer() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-without-vip");
        answer("arping-probe-unanswered", "arping", "-0");
        answer("ip-addr-add-existing", "ip", "addr", "add");

        OperationResult result = agent.start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).endsWith("failed: Error: ipv4: Address already assigned.");
    }

    @Test
    void missingToolIsNotInstalled() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "");
        addresses("ip-addr-show-without-vip");
        runner.on("arping").answerWith(command -> {
            throw new UncheckedIOException(new IOException("cannot run arping -h: arping not found in /usr/sbin:/usr/bin"));
        });

        OperationResult result = agent.validate(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(result.reason()).startsWith("IPaddr2::10.79.0.100/24/eth0: ").contains("arping not found");
    }

    @Test
    void preflightNamesTheToolsThatAreNotInstalledWithoutRunningAnything() throws Exception {
        Resource missing = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.arping = "
                + "/usr/lib/jheartbeat-test/arping");
        assertThat(missing.preflight()).containsExactly("/usr/lib/jheartbeat-test/arping is not installed here "
                + "(packages iproute2 and arping): starting 10.79.0.100 fails without it");
        Resource installed = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr.arping = /bin/sh");
        assertThat(installed.preflight()).as("ip is on this machine's PATH, /bin/sh stands for arping")
                .filteredOn(finding -> !finding.startsWith("ip ")).isEmpty();
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void hangingIprouteTimesOut() throws Exception {
        Resource agent = agent("IPaddr::10.79.0.100", "");
        addresses("ip-addr-show-without-vip");
        runner.on("ip", "-j", "-4", "route").timeOut();

        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.TIMED_OUT);
    }

    @Test
    void stopRemovesTheAddressFromWhereItIsAndIsIdempotent() throws Exception {
        Resource agent = agent("IPaddr::10.79.0.100", "");
        addressesBeforeAndAfter("ip-addr-show-with-vip", "ip-addr-show-without-vip");
        runner.on("ip", "addr", "del").answer(0, "");

        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(
                "ip -j addr show", "ip addr del 10.79.0.100/24 dev eth0", "ip -j addr show");
    }

    @Test
    void stopEndsTheBackgroundAnnouncements() throws Exception {
        Resource agent = agent("IPaddr2::10.79.0.100/24/eth0", "ipaddr { announce-count = 5, announce-interval = 1h }");
        addressesBeforeAndAfter("ip-addr-show-without-vip", "ip-addr-show-with-vip");
        answer("arping-probe-unanswered", "arping", "-0");
        runner.on("ip", "addr").answer(0, "");
        answer("arping-announce", "arping", "-q", "-U");
        assertThat(agent.start(TIMEOUT).isSuccess()).isTrue();
        waitForCalls(5);

        long startNanos = System.nanoTime();
        assertThat(agent.stop(TIMEOUT).isSuccess()).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofMinutes(1));
        assertThat(runner.commandLines()).containsExactly(
                "ip -j addr show",
                "arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth0 10.79.0.100",
                "ip addr add 10.79.0.100/24 broadcast 10.79.0.255 dev eth0",
                ANNOUNCE_REQUEST,
                ANNOUNCE_REPLY,
                "ip -j addr show",
                "ip addr del 10.79.0.100/24 dev eth0");
    }

    @Test
    void statusTellsRunningStoppedAndWrongInterfaceApart() throws Exception {
        addresses("ip-addr-show-with-vip");

        assertThat(agent("IPaddr2::10.79.0.100/24/eth0", "").status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent("IPaddr2::10.79.0.101/24/eth0", "").status(TIMEOUT)).isEqualTo(OperationResult.notRunning(
                "IPaddr2::10.79.0.101/24/eth0: 10.79.0.101 is not on any interface"));
        assertThat(agent("IPaddr2::10.79.0.100/24/lo", "").status(TIMEOUT)).isEqualTo(OperationResult.failed(
                "IPaddr2::10.79.0.100/24/lo: 10.79.0.100 is on eth0, expected on lo"));
        assertThat(runner.commandLines()).containsOnly("ip -j addr show");
    }

    @Test
    void statusWithoutAKnowableInterfaceCountsTheAddressAnywhereAsRunning() throws Exception {
        addresses("ip-addr-show-with-vip");
        answer("ip-route-match-default-only", "ip", "-j", "-4", "route", "show", "match", "10.79.0.100");

        assertThat(agent("IPaddr::10.79.0.100", "").status(TIMEOUT)).isEqualTo(OperationResult.success());
    }

    @Test
    void statusReportsAnIpv6AddressTheKernelFoundDuplicated() throws Exception {
        addresses("ip-addr-show-ipv6-dadfailed");

        OperationResult result = agent("IPv6addr::fd79::100/64/eth0", "").status(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("failed the kernel's duplicate address detection");
    }

    @Test
    void ipv6StartSolicitsAddsWithoutKernelDadAndSendsUnsolicitedAdvertisements() throws Exception {
        Resource agent = agent("IPv6addr::fd79::100", "ipaddr { announce-count = 2, announce-interval = 10ms }");
        addresses("ip-addr-show-without-vip");
        answer("ip-route-match-ipv6", "ip", "-j", "-6", "route", "show", "match");
        answer("ndisc6-unanswered", "ndisc6");
        runner.on("ip", "addr", "add").answer(0, "");
        answer("send-ua", "/usr/libexec/heartbeat/send_ua");

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(waitForCalls(6)).containsExactly(
                "ip -j addr show",
                "ip -j -6 route show match fd79:0:0:0:0:0:0:100",
                "ndisc6 -1 -r 2 -w 100 fd79:0:0:0:0:0:0:100 eth0",
                "ip addr add fd79:0:0:0:0:0:0:100/64 dev eth0 nodad",
                "/usr/libexec/heartbeat/send_ua -i 1 -c 1 fd79:0:0:0:0:0:0:100 64 eth0",
                "/usr/libexec/heartbeat/send_ua -i 1 -c 1 fd79:0:0:0:0:0:0:100 64 eth0");
    }

    @Test
    void ipv6DuplicateIsRefused() throws Exception {
        Resource agent = agent("IPv6addr::fd79::100/64/eth0", "");
        addresses("ip-addr-show-without-vip");
        answer("ndisc6-answered", "ndisc6");

        OperationResult result = agent.start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).containsPattern("already held on the segment: ([0-9a-f]{2}:){5}[0-9a-f]{2} answered");
    }

    @Test
    void recordedAnnouncementOutcomesAreReadAsTheToolMeansThem() {
        ArpTools arp = new ArpTools("arping");
        assertThat(arp.announced(recorded("arping-announce"))).isTrue();
        assertThat(arp.announced(recorded("arping-announce-unknown-device"))).isFalse();
        assertThat(new NdiscTools("ndisc6", "send_ua").announced(recorded("send-ua"))).isTrue();
    }

    private static CommandResult recorded(String name) {
        return Recorded.run(name).resultOf(org.jheartbeat.resource.Command.of(TIMEOUT, name));
    }
}
