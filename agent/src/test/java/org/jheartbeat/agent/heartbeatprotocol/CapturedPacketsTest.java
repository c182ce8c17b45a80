package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jheartbeat.agent.config.AuthKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every packet real heartbeat 3.0.6 nodes sent (record.sh), read, checked and written again. */
class CapturedPacketsTest {

    static Stream<HeartbeatCapture> captures() {
        return HeartbeatCapture.all().stream();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyPacketReadsAndWritesBackByteForByte(HeartbeatCapture capture) throws Exception {
        assertThat(capture.packets()).as(capture.name()).isNotEmpty();
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            WirePacket parsed = WireFormat.parse(packet.bytes(), 0, packet.bytes().length);
            assertThat(parsed.framing()).isEqualTo(Framing.NETSTRING);
            assertThat(HexFormat.of().formatHex(WireFormat.serialize(parsed)))
                    .as("%s packet at %d ms", capture.name(), packet.millis())
                    .isEqualTo(HexFormat.of().formatHex(packet.bytes()));
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyPacketIsAuthenticWithTheSitesKeyAndNotWithAnother(HeartbeatCapture capture) {
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatCapture.Node sender = capture.sender(packet);
            Decoded decoded = new HeartbeatWire(new HeartbeatKeys(sender.keys()))
                    .decode(packet.bytes(), 0, packet.bytes().length);
            assertThat(decoded).as("%s packet at %d ms", capture.name(), packet.millis())
                    .isInstanceOf(Decoded.Authentic.class);
            Decoded withOtherKey = new HeartbeatWire(new HeartbeatKeys(otherKeyThan(sender.keys())))
                    .decode(packet.bytes(), 0, packet.bytes().length);
            assertThat(withOtherKey).isInstanceOf(Decoded.Unauthenticated.class);
            assertThat(((Decoded.Unauthenticated) withOtherKey).reason()).contains("does not match key 1");
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void encodingTheFieldsAgainGivesHeartbeatsOwnBytesWithBothDigests(HeartbeatCapture capture) throws Exception {
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatMessage message = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            HeartbeatWire wire = new HeartbeatWire(new HeartbeatKeys(capture.sender(packet).keys()));
            assertThat(HexFormat.of().formatHex(wire.encode(message.without(HeartbeatMessage.AUTH))))
                    .as("%s packet at %d ms", capture.name(), packet.millis())
                    .isEqualTo(HexFormat.of().formatHex(packet.bytes()));
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyPacketCarriesTheControlFieldsOfItsSender(HeartbeatCapture capture) throws Exception {
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatMessage message = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            HeartbeatCapture.Node sender = capture.sender(packet);
            String type = message.type().orElseThrow();
            assertThat(message.source()).contains(sender.name());
            assertThat(message.bytes(HeartbeatMessage.SOURCE_UUID)).hasValueSatisfying(
                    uuid -> assertThat(uuid).isEqualTo(sender.uuid()));
            assertThat(message.text(HeartbeatMessage.GENERATION)).isPresent();
            assertThat(message.text(HeartbeatMessage.TIMESTAMP)).isPresent();
            assertThat(message.text(HeartbeatMessage.TTL)).contains("3");
            boolean unsequenced = type.startsWith("NS_");
            assertThat(message.text(HeartbeatMessage.SEQUENCE).isPresent()).as(type).isEqualTo(!unsequenced);
            assertThat(message.text(HeartbeatMessage.LOAD).isPresent()).as(type).isEqualTo(!unsequenced);
            List<String> names = message.fields().stream().map(Field::name).toList();
            assertThat(names.get(names.size() - 1)).isEqualTo(HeartbeatMessage.AUTH);
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void theRunHoldsEveryExchangeTheTransportPhaseNeeds(HeartbeatCapture capture) throws Exception {
        Set<String> types = capture.packets().stream().map(packet -> type(packet)).collect(Collectors.toSet());
        assertThat(types).contains("status", "reqnodes", "repnodes", "starting", "resource", "ask_resources",
                "hb_takeover", "NS_ackmsg", "NS_rexmit", "shutdone", "stonith", "ip-request-resp");
        assertThat(capture.events()).containsSubsequence("start-up", "steady", "hb_standby", "hb_takeover",
                "lost-packets", "failover", "restart", "shutdown");
    }

    private static String type(HeartbeatCapture.Packet packet) {
        try {
            return WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message().type().orElse("");
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    /** The same method with another secret; for crc, which has none, sha1. */
    static AuthKeys otherKeyThan(AuthKeys keys) {
        AuthKeys.AuthKey active = keys.active();
        AuthKeys.Method method = active.method() == AuthKeys.Method.CRC ? AuthKeys.Method.SHA1 : active.method();
        AuthKeys.AuthKey other = new AuthKeys.AuthKey(active.index(), method, "some-other-secret", active.location());
        return new AuthKeys(active.index(), Map.of(active.index(), other));
    }
}
