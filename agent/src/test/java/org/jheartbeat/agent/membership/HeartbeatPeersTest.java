package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatCapture;
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
}
