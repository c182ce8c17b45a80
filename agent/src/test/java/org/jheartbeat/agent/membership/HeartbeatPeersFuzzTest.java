package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.heartbeatpeer.HeartbeatSpeaker;
import org.jheartbeat.agent.heartbeatpeer.OutgoingMessages;
import org.jheartbeat.agent.heartbeatpeer.ResourceClasses;
import org.jheartbeat.agent.heartbeatprotocol.Decoded;
import org.jheartbeat.agent.heartbeatprotocol.Field;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatCapture;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.jheartbeat.agent.heartbeatprotocol.PacketMutations;
import org.jheartbeat.agent.heartbeatprotocol.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * 10,000 heartbeat-protocol packets at a jheartbeat node's receive path for heartbeat 3 nodes (HeartbeatPeers and
 * this node's side of the protocol, HeartbeatSpeaker, as a link wires them), with heartbeat node alpha heard and
 * active beside it: recorded packets of both framings damaged (flipped, cut, repeated, lengths changed), packets
 * signed with a key authkeys does not hold, and authentic messages from alpha with hostile fields (unknown words,
 * huge values, retransmission ranges of every size, missing numbers) in both framings. Nothing escapes, alpha stays
 * the one heartbeat node alive, every answer this node sends is an authentic packet, and a genuine start-up question
 * afterwards is still answered.
 */
class HeartbeatPeersFuzzTest {

    private static final int PACKETS = 10_000;
    private static final Duration DEADTIME = Duration.ofSeconds(2);
    private static final HeartbeatCapture CAPTURE = HeartbeatCapture.load("sha1-ucast");
    private static final AuthKeys KEYS = CAPTURE.nodes().get("alpha").keys();
    private static final List<String> NODES = List.of("alpha", "beta");
    private static final List<String> TYPES = List.of("starting", "resource", "ask_resources", "reqnodes",
            "NS_rexmit", "NS_ackmsg", "repnodes", "hb_takeover", "ip-request", "", "x");
    private static final List<String> WORDS = List.of("none", "local", "foreign", "all", "", "everything", "1", "-1");

    private final AtomicLong nanos = new AtomicLong();
    private final PacketSeal seal = new PacketSeal(KeyRing.of(KEYS), "beta", 1);
    private final HeartbeatWire alphaWire = new HeartbeatWire(new HeartbeatKeys(KEYS));

    @Test
    void tenThousandDamagedForeignOrHostilePacketsLeaveTheHeartbeatNodeAloneAliveAndNothingBroken() throws Exception {
        HeartbeatPeers peers = new HeartbeatPeers(KEYS, "beta", Set.copyOf(NODES), DEADTIME, nanos::get,
                Clock.systemUTC());
        List<byte[]> sent = new ArrayList<>();
        HeartbeatSpeaker speaker = new HeartbeatSpeaker(new OutgoingMessages("beta", CAPTURE.nodes().get("beta").uuid(),
                NODES, new HeartbeatWire(new HeartbeatKeys(KEYS))), NODES, "beta", DEADTIME, peers,
                () -> new HeartbeatSpeaker.HeldHere(ResourceClasses.ALL, false, ResourceClasses.NONE), AutoFailback.OFF,
                7, () -> 8, sent::add, nanos::get, Clock.systemUTC(), Optional::empty, new SplittableRandom(26));
        peers.answeredBy(speaker::heard, () -> { });
        receive(peers, alphaWire.encode(fromAlpha("status", "1", Field.text("st", "active"), Field.text("dt", "7d0"))));
        speaker.keepalive();
        assertThat(peers.active()).containsExactly("alpha");
        assertThat(speaker.granted()).isEqualTo(ResourceClasses.ALL);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        // A mutation may leave a packet whole (a digit changed to itself): alpha's own recorded goodbyes would then
        // rightly make it dead, so they are no seeds.
        List<byte[]> recorded = new ArrayList<>();
        for (byte[] packet : PacketMutations.seeds(CAPTURE, KEYS)) {
            HeartbeatMessage message = WireFormat.parse(packet, 0, packet.length).message();
            if (!message.type().orElse("").equals("shutdone") && !message.text("st").orElse("").equals("dead")) {
                recorded.add(packet);
            }
        }
        HeartbeatWire foreignWire = new HeartbeatWire(new HeartbeatKeys(otherKey()));
        int[] kinds = new int[3];
        for (int i = 0; i < PACKETS; i++) {
            byte[] packet;
            int kind = random.nextInt(3);
            if (kind == 0) {
                packet = PacketMutations.mutate(recorded.get(random.nextInt(recorded.size())), random);
            } else {
                HeartbeatMessage hostile = hostile(random);
                HeartbeatWire wire = kind == 1 ? foreignWire : alphaWire;
                packet = random.nextBoolean() ? wire.encode(hostile) : wire.encodeNetstring(hostile);
            }
            kinds[kind]++;
            if (HeartbeatPeers.isHeartbeatPacket(packet, 0, packet.length)) {
                receive(peers, packet);
            }
            assertThat(peers.alive()).as("packet %d (random seed %d)", i, seed).containsExactly("alpha");
        }
        HeartbeatWire betaReader = new HeartbeatWire(new HeartbeatKeys(KEYS));
        for (byte[] answer : sent) {
            assertThat(betaReader.decode(answer, 0, answer.length)).as("an answer of beta's (seed %d)", seed)
                    .isInstanceOf(Decoded.Authentic.class);
        }
        System.out.printf("%d packets (%d damaged recordings, %d signed with a foreign key, %d hostile from alpha): "
                + "%d dropped, %d answers sent, alpha alone alive%n", PACKETS, kinds[0], kinds[1], kinds[2],
                seal.dropped(), sent.size());
        assertThat(seal.dropped()).as("damaged and foreign packets dropped (seed %d)", seed)
                .isGreaterThan(kinds[1]);

        int before = sent.size();
        receive(peers, alphaWire.encode(fromAlpha("starting", "7fffff00")));
        HeartbeatMessage answer = WireFormat.parse(sent.get(before), 0, sent.get(before).length).message();
        assertThat(answer.type()).contains("resource");
    }

    private void receive(HeartbeatPeers peers, byte[] packet) {
        peers.received("10.78.0.1:40000", packet, 0, packet.length, seal);
    }

    /** A message from alpha of a handshake, handover, node-list or retransmission kind, with fields chosen to hurt. */
    private static HeartbeatMessage hostile(Random random) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.text("t", TYPES.get(random.nextInt(TYPES.size()))));
        String[] names = {"rsc_hold", "isstable", "rtype", "info", "dest", "firstseq", "lastseq", "nodelist",
            "ackseq"};
        for (String name : names) {
            if (random.nextBoolean()) {
                fields.add(Field.text(name, value(random)));
            }
        }
        fields.add(Field.text("src", "alpha"));
        if (random.nextInt(4) > 0) {
            fields.add(Field.text("seq", Long.toHexString(random.nextLong())));
        }
        fields.add(Field.text("hg", random.nextBoolean() ? "6b15bdc1" : value(random)));
        return new HeartbeatMessage(fields);
    }

    private static String value(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> WORDS.get(random.nextInt(WORDS.size()));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> Integer.toString(random.nextInt(100));
            case 3 -> "beta";
            case 4 -> "9".repeat(1 + random.nextInt(40));
            default -> new String(new byte[1 + random.nextInt(60_000)], StandardCharsets.ISO_8859_1).replace('\0', 'a');
        };
    }

    private static HeartbeatMessage fromAlpha(String type, String seq, Field... more) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.text("t", type));
        fields.addAll(List.of(more));
        fields.add(Field.text("src", "alpha"));
        fields.add(Field.text("seq", seq));
        fields.add(Field.text("hg", "6b15bdc1"));
        return new HeartbeatMessage(fields);
    }

    private static AuthKeys otherKey() {
        AuthKeys.AuthKey key = new AuthKeys.AuthKey(1, AuthKeys.Method.SHA1, "not-alphas-key",
                SourceLocation.wholeFile(Path.of("authkeys")));
        return new AuthKeys(1, Map.of(1, key));
    }
}
