package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.heartbeatpeer.OutgoingMessages;
import org.jheartbeat.agent.heartbeatprotocol.Field;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatCapture;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.junit.jupiter.api.Test;

/**
 * heartbeat 3.0.6's own packets (recorded from real nodes, agent's heartbeat-protocol captures) reaching a link: an
 * authentic one from one of ha.cf's nodes makes that node a heartbeat 3 node for deadtime; any other is dropped and
 * counted; none reaches JGroups.
 */
class HeartbeatPeersTest {

    private static final Duration DEADTIME = Duration.ofSeconds(2);
    private static final HeartbeatCapture CAPTURE = HeartbeatCapture.load("sha1-ucast");
    private static final HeartbeatCapture.Packet FROM_ALPHA = CAPTURE.packets().stream()
            .filter(packet -> CAPTURE.sender(packet).name().equals("alpha")).findFirst().orElseThrow();
    private static final AuthKeys KEYS = CAPTURE.sender(FROM_ALPHA).keys();

    private final AtomicLong nanos = new AtomicLong();
    private final PacketSeal seal = new PacketSeal(KeyRing.of(KEYS), "beta", 1);

    /** Peers of {@code node} with a key no heartbeat capture uses: for tests of other packets. */
    static HeartbeatPeers peers(String node, Set<String> nodes) {
        AuthKeys.AuthKey key = new AuthKeys.AuthKey(1, AuthKeys.Method.SHA1, "not-a-heartbeat-key",
                SourceLocation.wholeFile(Path.of("authkeys")));
        return new HeartbeatPeers(new AuthKeys(1, Map.of(1, key)), node, nodes, DEADTIME, System::nanoTime,
                Clock.systemUTC());
    }

    private HeartbeatPeers peers(String self, Set<String> nodes, AuthKeys keys) {
        return new HeartbeatPeers(keys, self, nodes, DEADTIME, nanos::get, Clock.systemUTC());
    }

    private void receive(HeartbeatPeers peers, HeartbeatCapture.Packet packet) {
        byte[] bytes = packet.bytes();
        assertThat(HeartbeatPeers.isHeartbeatPacket(bytes, 0, bytes.length)).isTrue();
        peers.received(packet.source(), bytes, 0, bytes.length, seal);
    }

    @Test
    void aSignedPacketFromAListedNodeMakesItAHeartbeatNodeUntilDeadtimeOfSilence() {
        HeartbeatPeers peers = peers("beta", Set.of("alpha", "beta"), KEYS);
        receive(peers, FROM_ALPHA);
        assertThat(peers.alive()).containsExactly("alpha");
        assertThat(peers.heard()).singleElement().extracting(HeartbeatPeers.Heard::address)
                .isEqualTo(FROM_ALPHA.source());
        nanos.addAndGet(DEADTIME.toNanos() - 1);
        assertThat(peers.alive()).containsExactly("alpha");
        nanos.addAndGet(1);
        assertThat(peers.alive()).as("silent for deadtime: dead").isEmpty();
        receive(peers, FROM_ALPHA);
        assertThat(peers.alive()).as("heard again").containsExactly("alpha");
        assertThat(seal.dropped()).isZero();
    }

    @Test
    void anyOtherHeartbeatPacketIsDroppedAndCounted() {
        AuthKeys another = new AuthKeys(1, Map.of(1, new AuthKeys.AuthKey(1, AuthKeys.Method.SHA1, "another-secret",
                KEYS.active().location())));
        HeartbeatPeers otherKey = peers("beta", Set.of("alpha", "beta"), another);
        receive(otherKey, FROM_ALPHA);
        HeartbeatPeers unlisted = peers("beta", Set.of("beta", "gamma"), KEYS);
        receive(unlisted, FROM_ALPHA);
        HeartbeatPeers ownName = peers("alpha", Set.of("alpha", "beta"), KEYS);
        receive(ownName, FROM_ALPHA);
        assertThat(otherKey.alive()).isEmpty();
        assertThat(unlisted.alive()).isEmpty();
        assertThat(ownName.alive()).isEmpty();
        assertThat(seal.dropped()).as("another key, a name ha.cf does not list, this node's own name").isEqualTo(3);
    }

    @Test
    void aLinkHandsHeartbeatPacketsToItsPeersAndNeverToJGroups() {
        HeartbeatPeers peers = peers("beta", Set.of("alpha", "beta"), KEYS);
        LinkGuard guard = new LinkGuard(seal, peers, "beta", 1, Set.of("alpha", "beta"), DEADTIME, nanos::get,
                Clock.systemUTC());
        byte[] bytes = FROM_ALPHA.bytes();
        assertThat(guard.incoming(FROM_ALPHA.source(), new byte[6], bytes, 0, bytes.length)).isNull();
        assertThat(guard.heartbeatPeers().alive()).containsExactly("alpha");
    }

    @Test
    void aStatusGivesTheNodesStateAndItsOwnDeadtimeAndShutdoneMakesItDeadAtOnce() throws Exception {
        HeartbeatPeers peers = peers("beta", Set.of("alpha", "beta"), KEYS);
        List<HeartbeatMessage> told = new ArrayList<>();
        peers.answeredBy((node, message) -> told.add(message), () -> { });
        receive(peers, fromAlpha("status", "active", "3e8"));
        assertThat(peers.active()).containsExactly("alpha");
        assertThat(told).singleElement().satisfies(message -> assertThat(message.type()).contains("status"));
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(peers.alive()).as("within its dt of 1000 ms").containsExactly("alpha");
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(peers.alive()).as("silent for its dt, shorter than this node's deadtime").isEmpty();
        receive(peers, fromAlpha("status", "init", "3e8"));
        assertThat(peers.alive()).containsExactly("alpha");
        assertThat(peers.active()).as("restarting: not active").isEmpty();
        receive(peers, fromAlpha("shutdone", "dead", null));
        assertThat(peers.alive()).as("its groups given up and gone").isEmpty();
    }

    @Test
    void aJheartbeatNodesHeartbeatPacketsAreNoHeartbeat3NodesThisNodesOwnIncluded() throws Exception {
        HeartbeatPeers peers = peers("beta", Set.of("alpha", "beta"), KEYS);
        HeartbeatMessage marked = HeartbeatMessage.of(Field.text("t", "status"), Field.text("st", "active"),
                Field.text(OutgoingMessages.IMPLEMENTATION, OutgoingMessages.JHEARTBEAT), Field.text("src", "alpha"),
                Field.text("seq", "1"), Field.text("ts", "1"));
        receive(peers, packet(marked));
        receive(peers, packet(marked.withText("src", "beta")));
        assertThat(peers.alive()).isEmpty();
        assertThat(seal.dropped()).as("not counted as refused either").isZero();
    }

    private static HeartbeatCapture.Packet fromAlpha(String type, String state, String dt) {
        HeartbeatMessage message = HeartbeatMessage.of(Field.text("t", type), Field.text("st", state));
        if (dt != null) {
            message = message.withText("dt", dt);
        }
        return packet(message.withText("src", "alpha").withText("seq", "5").withText("ts", "1"));
    }

    private static HeartbeatCapture.Packet packet(HeartbeatMessage message) {
        return new HeartbeatCapture.Packet(0, FROM_ALPHA.source(), "10.78.0.2:694",
                new HeartbeatWire(new HeartbeatKeys(KEYS)).encode(message), "");
    }
}
