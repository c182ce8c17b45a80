package org.jheartbeat.agent.heartbeatpeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatCapture;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatWire;
import org.jheartbeat.agent.heartbeatprotocol.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * The messages a jheartbeat node sends to heartbeat peers, built from what heartbeat 3.0.6 sent in the recorded
 * runs (agent's heartbeat-protocol captures): with the sending node's name, uuid, key, generation, sequence number,
 * time and load of a captured packet, the builder gives that packet's fields in its order and, without the
 * jheartbeat marker, its bytes, both digests included.
 */
class OutgoingMessagesTest {

    private static final List<String> NODES = List.of("alpha", "beta");

    @Test
    void statusPacketsAreHeartbeatsOwnFieldByFieldInEveryRecordedRun() throws Exception {
        int checked = 0;
        for (String run : List.of("crc-bcast", "md5-mcast", "sha1-ucast", "sha1-bcast", "crc-ucast")) {
            HeartbeatCapture capture = HeartbeatCapture.load(run);
            for (HeartbeatCapture.Packet packet : capture.packets()) {
                HeartbeatMessage captured = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
                if (!captured.type().orElseThrow().equals("status")) {
                    continue;
                }
                OutgoingMessages messages = messagesOf(capture.sender(packet));
                HeartbeatMessage status = messages.status(captured.text("st").orElseThrow(),
                        Duration.ofMillis(Long.parseLong(captured.text("dt").orElseThrow(), 16)));
                assertThat(status.text(OutgoingMessages.IMPLEMENTATION)).contains(OutgoingMessages.JHEARTBEAT);
                HeartbeatMessage built = messages.complete(status.without(OutgoingMessages.IMPLEMENTATION),
                        Optional.empty(), stampOf(captured));
                assertThat(built).isEqualTo(captured.without(HeartbeatMessage.AUTH));
                assertThat(messages.encode(built)).as(run + " packet at " + packet.millis() + " ms")
                        .isEqualTo(packet.bytes());
                checked++;
            }
        }
        assertThat(checked).as("status packets checked").isGreaterThan(100);
    }

    @Test
    void nodeListsAndAcknowledgementsAreHeartbeatsOwn() throws Exception {
        HeartbeatCapture capture = HeartbeatCapture.load("sha1-ucast");
        int repnodes = 0;
        int acks = 0;
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            HeartbeatMessage captured = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            String type = captured.type().orElseThrow();
            OutgoingMessages messages = messagesOf(capture.sender(packet));
            HeartbeatMessage body;
            String destination = captured.text(HeartbeatMessage.DESTINATION).orElse("");
            if (type.equals("repnodes")) {
                body = messages.repnodes(destination, NODES);
                repnodes++;
            } else if (type.equals("NS_ackmsg")) {
                body = messages.ack(destination, Long.parseLong(captured.text("ackseq").orElseThrow(), 16));
                acks++;
            } else {
                continue;
            }
            HeartbeatMessage built = messages.complete(body.without(OutgoingMessages.IMPLEMENTATION),
                    captured.bytes(HeartbeatMessage.DESTINATION_UUID), stampOf(captured));
            assertThat(messages.encode(built)).as(type + " at " + packet.millis() + " ms").isEqualTo(packet.bytes());
        }
        assertThat(repnodes).isPositive();
        assertThat(acks).isPositive();
    }

    /**
     * Every {@code t=starting}, every full {@code t=resource} of the nice_failback handshake and of a standby's giving
     * up ({@code info=standby}), every {@code ask_resources} of the standby handovers (me, other, done), every
     * {@code hb_takeover} and every {@code shutdone} in every recorded run (start-up, standby, takeover, failover,
     * shutdown), rebuilt byte for byte.
     */
    @Test
    void handshakeHandoverAndShutdoneMessagesAreHeartbeatsOwnInEveryRecordedRun() throws Exception {
        int starting = 0;
        int resources = 0;
        int shutdone = 0;
        int asks = 0;
        int takeovers = 0;
        int releases = 0;
        Set<String> askInfos = new TreeSet<>();
        for (String run : List.of("crc-bcast", "md5-mcast", "sha1-ucast", "sha1-bcast", "crc-ucast", "md5-ucast")) {
            HeartbeatCapture capture = HeartbeatCapture.load(run);
            for (HeartbeatCapture.Packet packet : capture.packets()) {
                HeartbeatMessage captured = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
                String type = captured.type().orElseThrow();
                OutgoingMessages messages = messagesOf(capture.sender(packet));
                HeartbeatMessage body;
                if (type.equals("starting")) {
                    body = messages.starting();
                    starting++;
                } else if (type.equals("shutdone")) {
                    body = messages.shutdone();
                    shutdone++;
                } else if (type.equals("ask_resources")) {
                    body = messages.askResources(captured.text("rsc_hold").orElseThrow(),
                            captured.text("info").orElseThrow());
                    askInfos.add(captured.text("info").orElseThrow());
                    asks++;
                } else if (type.equals("hb_takeover")) {
                    body = messages.takeover(captured.text("rsc_hold").orElseThrow());
                    takeovers++;
                } else if (type.equals("resource") && captured.text("rtype").isPresent()) {
                    body = messages.resources(ResourceClasses.of(captured.text("rsc_hold").orElseThrow()).orElseThrow(),
                            captured.text("isstable").orElseThrow().equals("1"), captured.text("info"));
                    releases += captured.text("info").filter("standby"::equals).isPresent() ? 1 : 0;
                    resources++;
                } else {
                    continue;
                }
                HeartbeatMessage built = messages.complete(body.without(OutgoingMessages.IMPLEMENTATION),
                        Optional.empty(), stampOf(captured));
                assertThat(messages.encode(built)).as(run + " " + type + " at " + packet.millis() + " ms")
                        .isEqualTo(packet.bytes());
            }
        }
        assertThat(starting).as("starting messages checked").isGreaterThanOrEqualTo(12);
        assertThat(resources).as("resource messages checked").isGreaterThan(60);
        assertThat(shutdone).as("shutdone messages checked").isGreaterThanOrEqualTo(12);
        assertThat(asks).as("ask_resources messages checked").isGreaterThanOrEqualTo(36);
        assertThat(askInfos).as("every step of the handover").containsExactly("done", "me", "other");
        assertThat(takeovers).as("hb_takeover messages checked").isGreaterThanOrEqualTo(6);
        assertThat(releases).as("resource messages of a node giving groups up").isGreaterThanOrEqualTo(12);
    }

    @Test
    void aNakCarriesTheNumberInHexTheRequesterAndTheReasonWithoutSequenceOrLoad() {
        HeartbeatCapture capture = HeartbeatCapture.load("sha1-ucast");
        OutgoingMessages messages = messagesOf(capture.nodes().get("beta"));
        HeartbeatMessage nak = messages.complete(messages.nak("alpha", 26, "seqno too low"),
                Optional.of(capture.nodes().get("alpha").uuid()),
                new OutgoingMessages.Stamp(7, 0x6b15be28L, 0x6b15be42L, Optional.of("0.10 0.20 0.30 1/100 42")));
        assertThat(nak.fields()).extracting(field -> field.name()).containsExactly("t", "firstseq", "dest", "info",
                "impl", "destuuid", "src", "srcuuid", "hg", "ts", "ttl");
        assertThat(nak.text("firstseq")).contains("1a");
        assertThat(nak.text("ttl")).contains("3");
    }

    static OutgoingMessages messagesOf(HeartbeatCapture.Node node) {
        return new OutgoingMessages(node.name(), node.uuid(), NODES, new HeartbeatWire(new HeartbeatKeys(node.keys())));
    }

    private static OutgoingMessages.Stamp stampOf(HeartbeatMessage captured) {
        return new OutgoingMessages.Stamp(
                captured.text(HeartbeatMessage.SEQUENCE).map(seq -> Long.parseLong(seq, 16)).orElse(0L),
                Long.parseLong(captured.text(HeartbeatMessage.GENERATION).orElseThrow(), 16),
                Long.parseLong(captured.text(HeartbeatMessage.TIMESTAMP).orElseThrow(), 16),
                captured.text(HeartbeatMessage.LOAD));
    }
}
