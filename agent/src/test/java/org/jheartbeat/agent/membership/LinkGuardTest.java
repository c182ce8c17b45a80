package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Whom a link lets in among the senders that hold the key: ha.cf's nodes only, one address per name, this node's
 * own name nowhere else, a generation never going back; and the refused process told so.
 */
class LinkGuardTest {

    private static final KeyRing KEYS = KeyRing.single(1, ClusterKey.derive("guard"));
    private static final Set<String> NODES = Set.of("alpha", "beta");
    private static final Duration DEADTIME = Duration.ofSeconds(1);
    private static final byte[] ALPHA_AT = {10, 0, 0, 1, 2, (byte) 182};
    private static final byte[] BETA_AT = {10, 0, 0, 2, 2, (byte) 182};
    private static final byte[] CLONE_AT = {10, 0, 0, 7, 2, (byte) 182};
    private static final byte[] JGROUPS = "jgroups".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong nanos = new AtomicLong();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T20:00:00Z"));
    private final List<String> refusedHere = new ArrayList<>();

    private LinkGuard guard(String node, long generation, byte[] at) {
        LinkGuard guard = new LinkGuard(new PacketSeal(KEYS, node, generation), HeartbeatPeersTest.peers(node, NODES),
                node, generation, NODES, DEADTIME, nanos::get, clock);
        guard.boundTo(at, address(at));
        guard.onRefused(refusedHere::add);
        return guard;
    }

    private static String address(byte[] at) {
        return (at[0] & 0xff) + "." + at[1] + "." + at[2] + "." + at[3] + ":694";
    }

    private static LinkGuard.Receipt receive(LinkGuard receiver, LinkGuard sender, byte[] at) {
        byte[] datagram = sender.outgoing(at, JGROUPS, 0, JGROUPS.length).orElseThrow();
        return receiver.incoming(address(at), at, datagram, 0, datagram.length);
    }

    @Test
    void aListedNodeIsLetInOncePerDatagram() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        LinkGuard beta = guard("beta", 7, BETA_AT);
        byte[] datagram = beta.outgoing(BETA_AT, JGROUPS, 0, JGROUPS.length).orElseThrow();
        assertThat(alpha.incoming("beta", BETA_AT, datagram, 0, datagram.length))
                .isInstanceOf(LinkGuard.Receipt.Deliver.class);
        assertThat(alpha.incoming("beta", BETA_AT, datagram, 0, datagram.length)).as("replayed").isNull();
        assertThat(alpha.refusals()).as("a replay is dropped, nobody refused").isEmpty();
    }

    @Test
    void aNameHaCfDoesNotListIsRefusedAndToldSo() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        LinkGuard gamma = guard("gamma", 3, CLONE_AT);
        LinkGuard.Receipt receipt = receive(alpha, gamma, CLONE_AT);
        assertThat(alpha.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.node()).isEqualTo("gamma");
            assertThat(refusal.address()).isEqualTo("10.0.0.7:694");
            assertThat(refusal.reason()).isEqualTo("node name gamma is not one of ha.cf's nodes here (alpha, beta)");
        });
        byte[] notice = ((LinkGuard.Receipt.Answer) receipt).notice();
        assertThat(gamma.incoming("alpha", ALPHA_AT, notice, 0, notice.length)).isNull();
        assertThat(refusedHere).singleElement().asString().startsWith("refused by node alpha at 10.0.0.1:694: node "
                + "name gamma is not one of ha.cf's nodes here");
        assertThat(gamma.outgoing(CLONE_AT, JGROUPS, 0, JGROUPS.length)).as("a refused process sends nothing").isEmpty();
    }

    @Test
    void aSecondAddressForANameHeardWithinDeadtimeIsRefusedWithBothAddresses() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        assertThat(receive(alpha, guard("beta", 7, BETA_AT), BETA_AT)).isInstanceOf(LinkGuard.Receipt.Deliver.class);
        LinkGuard clone = guard("beta", 8, CLONE_AT);
        assertThat(receive(alpha, clone, CLONE_AT)).isInstanceOf(LinkGuard.Receipt.Answer.class);
        assertThat(alpha.refusals()).singleElement().extracting(LinkGuard.Refusal::reason).isEqualTo(
                "node name beta is in use by the process at 10.0.0.2:694 (two machines with one name? a cloned VM?)");
        nanos.addAndGet(DEADTIME.toNanos());
        assertThat(receive(alpha, clone, CLONE_AT)).as("beta's first address silent for deadtime: a node moved")
                .isInstanceOf(LinkGuard.Receipt.Deliver.class);
    }

    @Test
    void aNewcomerFindingItsOwnNameInUseYieldsAndAMemberLeavesItToItsPeers() {
        LinkGuard member = guard("beta", 7, BETA_AT);
        member.joined();
        LinkGuard newcomer = guard("beta", 8, CLONE_AT);
        assertThat(receive(newcomer, member, BETA_AT)).isNull();
        assertThat(refusedHere).singleElement().asString().isEqualTo("node name beta is in use by the processes at "
                + "10.0.0.2:694 and 10.0.0.7:694; this one, not yet a member, stays out: give each machine its own "
                + "node name (ha.cf's node lines, uname -n)");
        assertThat(newcomer.outgoing(CLONE_AT, JGROUPS, 0, JGROUPS.length)).isEmpty();

        byte[] datagram = new PacketSeal(KEYS, "beta", 8).seal(CLONE_AT, JGROUPS, 0, JGROUPS.length);
        assertThat(member.incoming("clone", CLONE_AT, datagram, 0, datagram.length)).as("no notice between the two")
                .isNull();
        assertThat(refusedHere).as("the member keeps its name").hasSize(1);
        assertThat(member.refusals()).singleElement().extracting(LinkGuard.Refusal::reason).asString()
                .endsWith("this one is the member");
    }

    @Test
    void aGenerationGoingBackIsRefusedWithWhatToDo() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        receive(alpha, guard("beta", 9, BETA_AT), BETA_AT);
        LinkGuard restored = guard("beta", 5, BETA_AT);
        LinkGuard.Receipt receipt = receive(alpha, restored, BETA_AT);
        assertThat(alpha.refusals()).singleElement().extracting(LinkGuard.Refusal::reason).isEqualTo("node beta's "
                + "generation 5 is older than 9, seen from it before (its hb_generation went back, or a replay of an "
                + "earlier run): start it with a generation above 9");
        byte[] notice = ((LinkGuard.Receipt.Answer) receipt).notice();
        LinkGuard current = guard("beta", 10, BETA_AT);
        current.incoming("alpha", ALPHA_AT, notice, 0, notice.length);
        assertThat(refusedHere).as("a notice about generation 5 leaves generation 10 alone").isEmpty();
        restored.incoming("alpha", ALPHA_AT, notice, 0, notice.length);
        assertThat(refusedHere).hasSize(1);
    }

    @Test
    void refusalsAreShownForTenMinutes() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        receive(alpha, guard("gamma", 3, CLONE_AT), CLONE_AT);
        assertThat(alpha.refusals()).hasSize(1);
        clock.advance(Duration.ofMinutes(9));
        assertThat(alpha.refusals()).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(alpha.refusals()).isEmpty();
    }

    /**
     * Every packet admitted counts as a sign of life, whatever the views; a node that said it leaves is not heard for
     * the rest of that run (its last packets on the way out), and its next run (a larger generation) is heard again.
     */
    @Test
    void aNodeIsHeardUntilSilentOrUntilItSaidItLeavesAndAgainInItsNextRun() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        LinkGuard beta = guard("beta", 7, BETA_AT);
        byte[] sign = beta.liveness(BETA_AT).orElseThrow();
        assertThat(alpha.incoming("beta", BETA_AT, sign, 0, sign.length)).as("nothing for JGroups").isNull();
        assertThat(alpha.heardWithin(DEADTIME)).containsExactly("beta");
        nanos.addAndGet(DEADTIME.toNanos() + 1);
        assertThat(alpha.heardWithin(DEADTIME)).as("silent for deadtime").isEmpty();

        receive(alpha, beta, BETA_AT);
        alpha.departed("beta");
        receive(alpha, beta, BETA_AT);
        assertThat(alpha.heardWithin(DEADTIME)).as("generation 7 said it leaves").isEmpty();
        receive(alpha, guard("beta", 8, BETA_AT), BETA_AT);
        assertThat(alpha.heardWithin(DEADTIME)).as("its next run").containsExactly("beta");
    }

    /**
     * A word sealed ahead for a guard: heard once per copy, after everything its agent sent and in the order sealed,
     * by every listed node but its own; no sign of the agent's life; and, once heard, nothing more of that run is.
     */
    @Test
    void aGuardsWordSealedAheadIsHeardOnceAndEndsItsAgentsRun() {
        LinkGuard alpha = guard("alpha", 1, ALPHA_AT);
        LinkGuard beta = guard("beta", 7, BETA_AT);
        List<String> heard = new ArrayList<>();
        alpha.onGuardWord((node, position, word) -> heard.add(node + " " + new String(word, StandardCharsets.UTF_8)));
        byte[] releasing = beta.sealAhead(BETA_AT, 0, "releasing".getBytes(StandardCharsets.UTF_8));
        byte[] released = beta.sealAhead(BETA_AT, 1, "released".getBytes(StandardCharsets.UTF_8));
        byte[] later = beta.outgoing(BETA_AT, JGROUPS, 0, JGROUPS.length).orElseThrow();
        assertThat(receive(alpha, beta, BETA_AT)).isInstanceOf(LinkGuard.Receipt.Deliver.class);
        nanos.addAndGet(DEADTIME.toNanos() + 1);

        assertThat(alpha.incoming("beta", BETA_AT, releasing, 0, releasing.length)).isNull();
        assertThat(alpha.incoming("beta", BETA_AT, releasing, 0, releasing.length)).as("replayed").isNull();
        assertThat(alpha.incoming("beta", BETA_AT, released, 0, released.length)).isNull();
        assertThat(heard).containsExactly("beta releasing", "beta released");
        assertThat(alpha.heardWithin(DEADTIME)).as("a guard's word is no sign of its agent's life").isEmpty();
        assertThat(alpha.incoming("beta", BETA_AT, later, 0, later.length)).as("the agent's run is over").isNull();
        assertThat(alpha.refusals()).as("nobody refused: the guard does not listen").isEmpty();

        LinkGuard ownGuard = guard("alpha", 1, ALPHA_AT);
        byte[] own = ownGuard.sealAhead(ALPHA_AT, 0, JGROUPS);
        byte[] earlier = guard("beta", 6, BETA_AT).sealAhead(BETA_AT, 0, JGROUPS);
        assertThat(alpha.incoming("alpha", ALPHA_AT, own, 0, own.length)).isNull();
        assertThat(alpha.incoming("beta", BETA_AT, earlier, 0, earlier.length)).isNull();
        assertThat(heard).as("neither its own guard's word nor one of an earlier run").hasSize(2);
        assertThat(refusedHere).isEmpty();
    }
}
