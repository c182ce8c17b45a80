package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeartbeatPacketRecognizerTest {

    private final HeartbeatCapture capture = HeartbeatCapture.load("sha1-ucast");

    @Test
    void everyCapturedPacketIsRecognisedWithItsSenderAndType() throws Exception {
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatCapture.Node sender = capture.sender(packet);
            Recognition recognition = new HeartbeatPacketRecognizer(sender.keys())
                    .recognize(packet.bytes(), 0, packet.bytes().length);
            HeartbeatMessage message = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            assertThat(recognition).isEqualTo(new Recognition.Authentic(sender.name(), message.type().orElseThrow(),
                    Framing.NETSTRING, 1, message));
        }
    }

    @Test
    void aPacketSignedWithAnotherSecretNamesItsClaimedSenderAndWhyItWasRefused() {
        HeartbeatCapture.Packet packet = capture.packets().get(0);
        Recognition recognition = new HeartbeatPacketRecognizer(
                CapturedPacketsTest.otherKeyThan(capture.sender(packet).keys()))
                .recognize(packet.bytes(), 0, packet.bytes().length);
        assertThat(recognition).isInstanceOf(Recognition.Unauthenticated.class);
        Recognition.Unauthenticated refused = (Recognition.Unauthenticated) recognition;
        assertThat(refused.claimedSource()).contains(capture.sender(packet).name());
        assertThat(refused.reason()).isEqualTo("the " + capture.sender(packet).keys().active().method().word()
                + " digest does not match key 1");
    }

    @Test
    void otherProtocolsArePassedOverAndBrokenHeartbeatPacketsAreNamed() {
        HeartbeatPacketRecognizer recognizer = new HeartbeatPacketRecognizer(
                capture.nodes().get("alpha").keys());
        byte[] other = {0x4a, 0x48, 0x42, 0x31, 0, 0, 0, 1};
        assertThat(recognizer.recognize(other, 0, other.length)).isEqualTo(new Recognition.NotHeartbeat());
        byte[] broken = "###\n11:(0)t=status%%%\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(recognizer.recognize(broken, 0, broken.length))
                .isEqualTo(new Recognition.Malformed("expected ',' after a field of 11 bytes (at byte 18)"));
    }

    @Test
    void looksLikeHeartbeatReadsOnlyTheFraming() {
        byte[] packet = "xx>>>\nt=status\n<<<\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeartbeatPacketRecognizer.looksLikeHeartbeat(packet, 2, packet.length - 2)).isTrue();
        assertThat(HeartbeatPacketRecognizer.looksLikeHeartbeat(packet, 0, packet.length)).isFalse();
        assertThat(HeartbeatPacketRecognizer.looksLikeHeartbeat(packet, 2, 3)).isFalse();
    }
}
