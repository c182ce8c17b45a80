package org.jheartbeat.agent.heartbeatpeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.heartbeatprotocol.Decoded;
import org.jheartbeat.agent.heartbeatprotocol.Field;
import org.jheartbeat.agent.heartbeatprotocol.FieldValue;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatCapture;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.junit.jupiter.api.Test;

/**
 * beta, a jheartbeat node, beside alpha running heartbeat 3.0.6 (the identities and key of the sha1-ucast
 * recording): what beta sends, read back with the codec, as alpha is heard, asks and restarts.
 */
class HeartbeatSpeakerTest {

    private static final Duration DEADTIME = Duration.ofSeconds(10);
    private static final HeartbeatCapture CAPTURE = HeartbeatCapture.load("sha1-ucast");
    private static final HeartbeatCapture.Node ALPHA = CAPTURE.nodes().get("alpha");
    private static final HeartbeatCapture.Node BETA = CAPTURE.nodes().get("beta");
    private static final HeartbeatWire WIRE = new HeartbeatWire(new HeartbeatKeys(BETA.keys()));
    private static final String ALPHA_GENERATION = "6b15be28";

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong generationOnDisk = new AtomicLong(41);
    private final List<byte[]> sent = new ArrayList<>();
    /** Heard, not active yet (in its start-up); {@link #active} counts as heard too. */
    private Set<String> starting = Set.of();
    private Set<String> active = Set.of();
    /** Unless a test says otherwise, beta runs its local group and nothing more. */
    private HeartbeatSpeaker.HeldHere held = new HeartbeatSpeaker.HeldHere(ResourceClasses.LOCAL, false,
            ResourceClasses.NONE);
    private final HeartbeatSpeaker.Peers peers = new HeartbeatSpeaker.Peers() {
        @Override
        public Set<String> alive() {
            Set<String> alive = new TreeSet<>(starting);
            alive.addAll(active);
            return alive;
        }

        @Override
        public Set<String> active() {
            return active;
        }
    };
    private final HeartbeatSpeaker speaker = speaker(AutoFailback.OFF);

    private HeartbeatSpeaker speaker(AutoFailback autoFailback) {
        return new HeartbeatSpeaker(OutgoingMessagesTest.messagesOf(BETA), List.of("alpha", "beta"), "beta", DEADTIME,
                peers, () -> held, autoFailback, 41, generationOnDisk::incrementAndGet, sent::add, nanos::get,
                Clock.fixed(Instant.ofEpochSecond(0x6b15be28L), ZoneOffset.UTC),
                () -> Optional.of("0.10 0.20 0.30 1/100 42"), new SplittableRandom(26));
    }

    @Test
    void silentUntilAHeartbeatNodeIsHeardThenAStatusEveryKeepaliveWithEveryFieldHeartbeatChecks() {
        speaker.keepalive();
        assertThat(sent).as("no heartbeat node heard").isEmpty();
        starting = Set.of("alpha");
        speaker.keepalive();
        speaker.keepalive();
        assertThat(sent).hasSize(2);
        HeartbeatMessage second = read(sent.get(1));
        assertThat(second.fields()).extracting(Field::name).containsExactly("t", "st", "dt", "protocol", "impl",
                "src", "srcuuid", "seq", "hg", "ts", "ld", "ttl", "auth");
        assertThat(second.text("st")).contains("active");
        assertThat(second.text("dt")).contains(Long.toHexString(DEADTIME.toMillis()));
        assertThat(second.text("protocol")).contains("1");
        assertThat(second.text("src")).contains("beta");
        assertThat(second.bytes("srcuuid")).contains(BETA.uuid());
        assertThat(second.text("seq")).contains("2");
        assertThat(second.text("hg")).contains(Long.toHexString(41));
        assertThat(second.text("ts")).contains("6b15be28");
        assertThat(second.text("ttl")).contains("3");
    }

    @Test
    void speakingAgainAfterASilenceOrAStallTakesANewGenerationAndCountsFromOne() {
        active = Set.of("alpha");
        speaker.keepalive();
        speaker.keepalive();
        active = Set.of();
        speaker.keepalive();
        assertThat(speaker.speaking()).isFalse();
        active = Set.of("alpha");
        speaker.keepalive();
        HeartbeatMessage again = read(sent.get(2));
        assertThat(again.text("hg")).as("raised on disk").contains(Long.toHexString(42));
        assertThat(again.text("seq")).contains("1");
        nanos.addAndGet(DEADTIME.toNanos() + 1);
        speaker.keepalive();
        HeartbeatMessage afterStall = read(sent.get(3));
        assertThat(afterStall.text("hg")).contains(Long.toHexString(43));
        assertThat(afterStall.text("seq")).contains("1");
    }

    @Test
    void aNodeListRequestIsAnsweredWithHaCfsNodesAddressedToTheAsker() {
        active = Set.of("alpha");
        speaker.keepalive();
        speaker.heard("alpha", fromAlpha("reqnodes", 5, Field.text("dest", "beta")));
        HeartbeatMessage answer = read(sent.get(1));
        assertThat(answer.type()).contains("repnodes");
        assertThat(answer.text("dest")).contains("alpha");
        assertThat(answer.bytes("destuuid")).contains(ALPHA.uuid());
        assertThat(answer.text("nodelist")).contains("alpha beta ");
        assertThat(answer.text("delnodelist")).contains(" ");
        assertThat(answer.text("seq")).contains("2");
        speaker.heard("alpha", fromAlpha("reqnodes", 6, Field.text("dest", "gamma")));
        assertThat(sent).as("a request to another node").hasSize(2);
    }

    @Test
    void aRetransmissionRequestGetsTheSameBytesOnceThenNothingForAWhileAndANakForANumberNoLongerHeld() {
        active = Set.of("alpha");
        for (int i = 0; i < SentHistory.CAPACITY + 2; i++) {
            speaker.keepalive();
        }
        int before = sent.size();
        byte[] third = sent.get(2);
        speaker.heard("alpha", rexmit(3, 3));
        assertThat(sent).hasSize(before + 1);
        assertThat(sent.get(before)).isEqualTo(third);
        speaker.heard("alpha", rexmit(3, 3));
        assertThat(sent).as("resent within 240 ms").hasSize(before + 1);
        nanos.addAndGet(Duration.ofMillis(240).toNanos());
        speaker.heard("alpha", rexmit(3, 3));
        assertThat(sent).hasSize(before + 2);
        speaker.heard("alpha", rexmit(1, 1));
        HeartbeatMessage nak = read(sent.get(before + 2));
        assertThat(nak.type()).contains("NS_nak_rexmit");
        assertThat(nak.text("firstseq")).contains("1");
        assertThat(nak.text("dest")).contains("alpha");
        assertThat(nak.text("info")).contains("seqno too low");
        assertThat(nak.text("seq")).isEmpty();
        speaker.heard("alpha", rexmit(9000, 9000));
        assertThat(sent).as("a number not sent yet").hasSize(before + 3);
    }

    /**
     * A request for every number there is (found by the fuzz test: the loop ran to 2^63, holding the node's lock, so no
     * status went out and heartbeat declared the node dead) is answered up to the last number sent, 50 answers at most.
     */
    @Test
    void aRetransmissionRequestForEveryNumberEndsAtTheLastSentWithFiftyAnswersAtMost() {
        active = Set.of("alpha");
        for (int i = 0; i < SentHistory.CAPACITY + 100; i++) {
            speaker.keepalive();
        }
        int before = sent.size();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> speaker.heard("alpha", rexmit(1, Long.MAX_VALUE)));
        assertThat(sent.size() - before).as("naks for the numbers no longer held").isEqualTo(50);
    }

    @Test
    void oneMessageInTenOfThePeersIsAcknowledgedByItsNumber() {
        active = Set.of("alpha");
        speaker.keepalive();
        for (long seq = 1; seq <= 20; seq++) {
            speaker.heard("alpha", fromAlpha("status", seq, Field.text("st", "active")));
        }
        List<HeartbeatMessage> acks = sent.stream().map(HeartbeatSpeakerTest::read)
                .filter(message -> message.type().orElseThrow().equals("NS_ackmsg")).toList();
        assertThat(acks).hasSize(2);
        long first = Long.parseLong(acks.get(0).text("ackseq").orElseThrow(), 16);
        assertThat(Long.parseLong(acks.get(1).text("ackseq").orElseThrow(), 16)).isEqualTo(first + 10);
        assertThat(acks.get(0).text("dest")).contains("alpha");
        assertThat(acks.get(0).text("seq")).as("acks are not sequenced").isEmpty();
    }

    /**
     * alpha starts heartbeat while beta runs its local group: beta speaks during alpha's start-up, and answers alpha's
     * starting as heartbeat 3.0.6 does, with what it holds, so alpha takes only what beta does not hold.
     */
    @Test
    void duringThePeersStartUpItsStartingIsAnsweredWithWhatThisNodeHolds() {
        starting = Set.of("alpha");
        speaker.keepalive();
        assertThat(sent).as("a status while alpha starts").hasSize(1);
        speaker.heard("alpha", fromAlpha("starting", 9));
        HeartbeatMessage answer = read(sent.get(1));
        assertThat(answer.fields()).extracting(Field::name).containsExactly("t", "rsc_hold", "rtype", "isstable",
                "impl", "src", "srcuuid", "seq", "hg", "ts", "ld", "ttl", "auth");
        assertThat(answer.text("t")).contains("resource");
        assertThat(answer.text("rsc_hold")).contains("local");
        assertThat(answer.text("rtype")).contains("full");
        assertThat(answer.text("isstable")).contains("1");
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.LOCAL);
    }

    /**
     * beta starts holding nothing beside an active alpha that runs only its own group: beta asks, takes its local
     * group, says so as not stable yet, and says it again as stable once the group runs.
     */
    @Test
    void startingBesideAnActivePeerThisNodeAsksAndTakesItsLocalGroupsWhenThePeerLeavesThem() {
        held = HeartbeatSpeaker.HeldHere.NOTHING;
        active = Set.of("alpha");
        speaker.keepalive();
        assertThat(read(sent.get(1)).type()).contains("starting");
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.NONE);
        speaker.heard("alpha", fromAlpha("resource", 11, Field.text("rsc_hold", "local"), Field.text("rtype", "full"),
                Field.text("isstable", "1")));
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.LOCAL);
        HeartbeatMessage taking = read(sent.get(2));
        assertThat(taking.text("rsc_hold")).contains("local");
        assertThat(taking.text("isstable")).contains("0");
        held = new HeartbeatSpeaker.HeldHere(ResourceClasses.LOCAL, true, ResourceClasses.NONE);
        speaker.keepalive();
        assertThat(sent).as("a status, the group still starting").hasSize(4);
        held = new HeartbeatSpeaker.HeldHere(ResourceClasses.LOCAL, false, ResourceClasses.NONE);
        speaker.keepalive();
        HeartbeatMessage stable = read(sent.get(5));
        assertThat(stable.text("rsc_hold")).contains("local");
        assertThat(stable.text("isstable")).contains("1");
        active = Set.of();
        speaker.keepalive();
        assertThat(speaker.granted()).as("alpha gone: heartbeat's rules grant nothing").isEqualTo(ResourceClasses.NONE);
    }

    /**
     * A partition heals: beta took alpha's group while alpha was silent, and alpha, the same run of heartbeat as before
     * (its hg unchanged), kept it. beta asks what alpha holds, as a starting node does, and gives up what alpha answers
     * it holds too. Found by MixedPairTest: before, beta kept everything and alpha, which saw only beta restart, never
     * said what it held, so both kept the address.
     */
    @Test
    void backFromAPartitionWhileHoldingGroupsThisNodeAsksThePeerAndGivesUpWhatItHoldsToo() {
        spokeToAlphaUntilItFellSilent();
        held = new HeartbeatSpeaker.HeldHere(ResourceClasses.ALL, false, ResourceClasses.NONE);
        speaker.heard("alpha", fromAlpha("status", 40));
        active = Set.of("alpha");
        int before = sent.size();
        speaker.keepalive();
        assertThat(sent.subList(before, sent.size())).extracting(packet -> read(packet).type().orElse(""))
                .containsExactly("status", "starting");
        speaker.heard("alpha", fromAlpha("resource", 41, Field.text("rsc_hold", "all"), Field.text("rtype", "full"),
                Field.text("isstable", "1")));
        assertThat(speaker.granted()).as("alpha holds both groups: beta gives up its copies")
                .isEqualTo(ResourceClasses.NONE);
        HeartbeatMessage releasing = read(sent.get(sent.size() - 1));
        assertThat(releasing.text("rsc_hold")).contains("none");
    }

    /** beta speaks to alpha and hears its status, then alpha falls silent (cut off, or gone). */
    private void spokeToAlphaUntilItFellSilent() {
        active = Set.of("alpha");
        speaker.keepalive();
        speaker.heard("alpha", fromAlpha("status", 5));
        active = Set.of();
        speaker.keepalive();
    }

    /** alpha restarted while silent (a new hg): it holds nothing from before, and beta keeps what it holds. */
    @Test
    void aPeerThatRestartedWhileSilentIsNotAskedByANodeHoldingGroups() {
        spokeToAlphaUntilItFellSilent();
        speaker.heard("alpha", fromAlphaRun("6b15be29", "status", 1));
        active = Set.of("alpha");
        int before = sent.size();
        speaker.keepalive();
        assertThat(sent.subList(before, sent.size())).extracting(packet -> read(packet).type().orElse(""))
                .containsExactly("status");
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.LOCAL);
    }

    /** A clean stop with every group stopped ends as heartbeat's does, and nothing is sent after it. */
    @Test
    void aCleanStopSaysShutdownThenShutdoneAndNothingMore() {
        active = Set.of("alpha");
        speaker.keepalive();
        speaker.shutDone();
        HeartbeatMessage giveUp = read(sent.get(1));
        assertThat(giveUp.text("t")).contains("resource");
        assertThat(giveUp.text("rsc_hold")).contains("none");
        assertThat(giveUp.text("isstable")).contains("0");
        assertThat(giveUp.text("info")).contains("shutdown");
        HeartbeatMessage done = read(sent.get(2));
        assertThat(done.fields()).extracting(Field::name).startsWith("t", "st", "impl", "src", "srcuuid", "seq");
        assertThat(done.text("t")).contains("shutdone");
        assertThat(done.text("st")).contains("dead");
        speaker.keepalive();
        speaker.heard("alpha", fromAlpha("reqnodes", 5, Field.text("dest", "beta")));
        assertThat(sent).hasSize(3);
    }

    /**
     * beta's hb_standby and hb_takeover towards alpha on the wire: nothing while alpha is not heard; the standby's
     * three phases as heartbeat's messages (ask_resources me, then on alpha's other the resource message of a node
     * giving up, info=standby, and done once the group is stopped), and hb_takeover as heartbeat's own message.
     */
    @Test
    void thisNodesStandbyAndTakeoverAreHeartbeatsMessages() {
        assertThat(speaker.standby("all")).as("no heartbeat node heard").isFalse();
        assertThat(sent).isEmpty();
        active = Set.of("alpha");
        speaker.keepalive();
        speaker.heard("alpha", fromAlpha("resource", 11, Field.text("rsc_hold", "none"), Field.text("rtype", "full"),
                Field.text("isstable", "1")));
        sent.clear();
        assertThat(speaker.takeover("failback")).isTrue();
        HeartbeatMessage takeover = read(sent.get(0));
        assertThat(takeover.fields()).extracting(Field::name).startsWith("t", "rsc_hold", "impl", "src");
        assertThat(takeover.text("t")).contains("hb_takeover");
        assertThat(takeover.text("rsc_hold")).contains("failback");

        assertThat(speaker.standby("failback")).isTrue();
        HeartbeatMessage ask = read(sent.get(1));
        assertThat(ask.text("t")).contains("ask_resources");
        assertThat(ask.text("rsc_hold")).as("hb_standby failback asks for foreign").contains("foreign");
        assertThat(ask.text("info")).contains("me");
        speaker.heard("alpha", fromAlpha("ask_resources", 12, Field.text("rsc_hold", "foreign"),
                Field.text("info", "other")));
        HeartbeatMessage releasing = read(sent.get(2));
        assertThat(releasing.text("t")).contains("resource");
        assertThat(releasing.text("rsc_hold")).contains("local");
        assertThat(releasing.text("isstable")).contains("0");
        assertThat(releasing.text("info")).contains("standby");
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.LOCAL);
        speaker.keepalive();
        HeartbeatMessage done = read(sent.get(4));
        assertThat(done.text("t")).contains("ask_resources");
        assertThat(done.text("info")).contains("done");
    }

    /**
     * auto_failback legacy: heartbeat takes its own groups as soon as its communication is up, asking nobody, so beta
     * stays silent while alpha starts, answers no starting and is granted nothing.
     */
    @Test
    void withAutoFailbackLegacyThereIsNoHandshakeAndSilenceWhileThePeerStarts() {
        HeartbeatSpeaker legacy = speaker(AutoFailback.LEGACY);
        starting = Set.of("alpha");
        legacy.keepalive();
        assertThat(sent).isEmpty();
        assertThat(legacy.granted()).isEqualTo(ResourceClasses.NONE);
        active = Set.of("alpha");
        legacy.keepalive();
        legacy.heard("alpha", fromAlpha("starting", 9));
        assertThat(sent).as("a status, no answer").hasSize(1);
        assertThat(legacy.granted()).isEqualTo(ResourceClasses.NONE);
    }

    private static HeartbeatMessage fromAlpha(String type, long seq, Field... fields) {
        return fromAlphaRun(ALPHA_GENERATION, type, seq, fields);
    }

    /** A message of alpha's run {@code generation} (hex, as heartbeat's hg). */
    private static HeartbeatMessage fromAlphaRun(String generation, String type, long seq, Field... fields) {
        List<Field> all = new ArrayList<>();
        all.add(Field.text("t", type));
        all.addAll(List.of(fields));
        all.add(Field.text("src", "alpha"));
        all.add(new Field("srcuuid", FieldValue.Bytes.binary(ALPHA.uuid())));
        all.add(Field.text("seq", Long.toHexString(seq)));
        all.add(Field.text("hg", generation));
        return new HeartbeatMessage(all);
    }

    private static HeartbeatMessage rexmit(long first, long last) {
        return HeartbeatMessage.of(Field.text("t", "NS_rexmit"), Field.text("dest", "beta"),
                Field.text("firstseq", Long.toString(first)), Field.text("lastseq", Long.toString(last)),
                Field.text("src", "alpha"), new Field("srcuuid", FieldValue.Bytes.binary(ALPHA.uuid())));
    }

    private static HeartbeatMessage read(byte[] packet) {
        Decoded decoded = WIRE.decode(packet, 0, packet.length);
        assertThat(decoded).isInstanceOf(Decoded.Authentic.class);
        return ((Decoded.Authentic) decoded).packet().message();
    }
}
