package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.jheartbeat.agent.config.AuthKeys;
import org.junit.jupiter.api.Test;

/**
 * keys.capture: two heartbeat 3.0.6 nodes list the same two keys, alpha signs with key 1 and beta with key 2.
 * Each logged "netstring authentication failed" for every packet of the other and declared it dead: heartbeat
 * checks a netstring packet with the method of the key the packet names but the secret of its own active key.
 * jheartbeat's codec checks each key with its own secret, so it accepts both nodes' packets.
 */
class KeyRotationCaptureTest {

    private final HeartbeatCapture capture = HeartbeatCapture.load("keys");

    @Test
    void heartbeatRefusedEveryPacketSignedWithAKeyOtherThanItsOwnActiveOne() {
        assertThat(capture.packets()).isNotEmpty();
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatCapture.Node sender = capture.sender(packet);
            HeartbeatCapture.Node receiver = capture.nodes().values().stream()
                    .filter(node -> !node.name().equals(sender.name())).findFirst().orElseThrow();
            WirePacket parsed = parse(packet);
            Signature signature = parsed.signature().orElseThrow();
            assertThat(signature.keyIndex()).isEqualTo(sender.keys().activeIndex());
            AuthKeys.AuthKey named = receiver.keys().keys().get(signature.keyIndex());
            String heartbeatsCheck = Digests.digest(named.method(),
                    receiver.keys().active().secret().getBytes(StandardCharsets.UTF_8),
                    packet.bytes(), 0, parsed.signedLength());
            assertThat(heartbeatsCheck).isNotEqualTo(signature.digest());
        }
        assertThat(capture.logs()).anyMatch(line -> line.startsWith("log alpha")
                && line.contains("netstring authentication failed"));
        assertThat(capture.logs())
                .anyMatch(line -> line.startsWith("log beta") && line.contains("node alpha: is dead"));
    }

    @Test
    void everyKeyTheFileListsIsAcceptedHere() {
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatCapture.Node sender = capture.sender(packet);
            for (HeartbeatCapture.Node receiver : capture.nodes().values()) {
                Decoded decoded = new HeartbeatWire(new HeartbeatKeys(receiver.keys()))
                        .decode(packet.bytes(), 0, packet.bytes().length);
                assertThat(decoded).isEqualTo(new Decoded.Authentic(parse(packet), sender.keys().activeIndex()));
            }
        }
    }

    private static WirePacket parse(HeartbeatCapture.Packet packet) {
        try {
            return WireFormat.parse(packet.bytes(), 0, packet.bytes().length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }
}
