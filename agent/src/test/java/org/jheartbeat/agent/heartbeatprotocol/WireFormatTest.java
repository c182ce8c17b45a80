package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.SourceLocation;
import org.junit.jupiter.api.Test;

/** Hand-built messages and packets: every field type in both framings, keys, and broken input. */
class WireFormatTest {

    private static final HeartbeatMessage EVERY_TYPE = HeartbeatMessage.of(
            Field.text("t", "status"),
            Field.text("info", "two\nlines"),
            new Field("srcuuid", FieldValue.Bytes.binary(new byte[] {0, '\n', ',', '=', (byte) 0xff, 19})),
            new Field("list", new FieldValue.StringList(List.of("alpha", "beta gamma"))),
            new Field("packed", new FieldValue.Bytes(FieldType.COMPRESSED, new byte[] {1, 2, 3})),
            new Field("child", FieldValue.Nested.struct(HeartbeatMessage.of(
                    Field.text("name", "with\nnewline"),
                    new Field("grandchild", FieldValue.Nested.struct(HeartbeatMessage.of(Field.text("x", "y"))))))),
            Field.text("empty", ""));

    static AuthKeys keys(int active, AuthKeys.AuthKey... keys) {
        return new AuthKeys(active, java.util.Arrays.stream(keys)
                .collect(java.util.stream.Collectors.toMap(AuthKeys.AuthKey::index, key -> key)));
    }

    static AuthKeys.AuthKey key(int index, AuthKeys.Method method, String secret) {
        return new AuthKeys.AuthKey(index, method, secret, SourceLocation.wholeFile(Path.of("authkeys")));
    }

    @Test
    void everyFieldTypeGoesThroughTheNetstringFraming() throws Exception {
        byte[] bytes = WireFormat.netstring(EVERY_TYPE);
        WirePacket packet = WireFormat.parse(bytes, 0, bytes.length);
        assertThat(packet.message()).isEqualTo(EVERY_TYPE);
        assertThat(packet.signature()).isEmpty();
        assertThat(WireFormat.serialize(packet)).isEqualTo(bytes);
    }

    @Test
    void everyFieldTypeGoesThroughTheClassicFraming() throws Exception {
        byte[] bytes = WireFormat.classic(EVERY_TYPE);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .startsWith(">>>\nt=status\ninfo=two\u0013lines\n(1)srcuuid=AAosPf8T\n(3)list=5:alpha,10:beta gamma,\n")
                .endsWith("empty=\n<<<\n");
        assertThat(WireFormat.parse(bytes, 0, bytes.length).message()).isEqualTo(EVERY_TYPE);
    }

    @Test
    void theNetstringLengthCountsTypeNameAndValue() {
        byte[] bytes = WireFormat.netstring(HeartbeatMessage.of(Field.text("t", "status")));
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("###\n11:(0)t=status,%%%\n");
    }

    @Test
    void aClassicPacketIsAuthenticWhenItsAuthFieldHolds() {
        HeartbeatKeys keys = new HeartbeatKeys(keys(1, key(1, AuthKeys.Method.MD5, "classic")));
        byte[] packet = WireFormat.classic(keys.withAuthField(EVERY_TYPE));
        assertThat(new HeartbeatWire(keys).decode(packet, 0, packet.length)).isInstanceOf(Decoded.Authentic.class);
        byte[] changed = WireFormat.classic(keys.withAuthField(EVERY_TYPE).withText("t", "statuz"));
        assertThat(new HeartbeatWire(keys).decode(changed, 0, changed.length))
                .isEqualTo(new Decoded.Unauthenticated(parse(changed), "the md5 digest does not match key 1"));
    }

    @Test
    void everyListedKeyIsAcceptedAndOnlyTheActiveOneSigns() {
        AuthKeys.AuthKey old = key(1, AuthKeys.Method.SHA1, "old-secret");
        AuthKeys.AuthKey rotated = key(2, AuthKeys.Method.MD5, "new-secret");
        HeartbeatWire sendsWithNew = new HeartbeatWire(new HeartbeatKeys(keys(2, old, rotated)));
        HeartbeatWire receivesWithOld = new HeartbeatWire(new HeartbeatKeys(keys(1, old, rotated)));
        HeartbeatWire knowsOnlyOld = new HeartbeatWire(new HeartbeatKeys(keys(1, old)));
        byte[] packet = sendsWithNew.encode(HeartbeatMessage.of(Field.text("t", "status"), Field.text("src", "a")));
        Decoded decoded = receivesWithOld.decode(packet, 0, packet.length);
        assertThat(decoded).isInstanceOf(Decoded.Authentic.class);
        assertThat(((Decoded.Authentic) decoded).keyIndex()).isEqualTo(2);
        assertThat(knowsOnlyOld.decode(packet, 0, packet.length)).isEqualTo(new Decoded.Unauthenticated(
                parse(packet), "signed with key 2, which authkeys does not list"));
    }

    @Test
    void aPacketWithoutSignatureIsNotAuthentic() {
        byte[] packet = WireFormat.netstring(EVERY_TYPE);
        HeartbeatWire wire = new HeartbeatWire(new HeartbeatKeys(keys(1, key(1, AuthKeys.Method.CRC, ""))));
        assertThat(wire.decode(packet, 0, packet.length))
                .isEqualTo(new Decoded.Unauthenticated(parse(packet), "the packet carries no signature"));
    }

    @Test
    void brokenPacketsAreNamedWithWhatIsWrongAndWhere() {
        assertMalformed("", "neither heartbeat framing ('###' or '>>>' and a newline) (at byte 0)");
        assertMalformed("###\n", "the message ends without '%%%' and a newline (at byte 4)");
        assertMalformed("###\n99:(0)t=status,%%%\n", "a field claims 99 bytes but only 17 follow (at byte 6)");
        assertMalformed("###\n1234567890:x", "a field has more than 9 digits (at byte 13)");
        assertMalformed("###\n11:(7)t=status,%%%\n", "unknown field type (0 to 5 exist) (at byte 8)");
        assertMalformed("###\n10:(0)tstatus,%%%\n", "a field without '=' (at byte 10)");
        assertMalformed("###\n5:(0)=x,%%%\n", "not a field name: '' (at byte 9)");
        assertMalformed("###\n11:(0)t=status,%%%\n12:1 abc,", "the signature claims 12 bytes but only 7 follow"
                + " (at byte 25)");
        assertMalformed("###\n11:(0)t=status,%%%\n5:1abcd,", "not a signature ('N digest'): '1abcd' (at byte 25)");
        assertMalformed("###\n11:(0)t=status,%%%\n5:1 abc,x", "bytes after the signature (at byte 31)");
        assertMalformed("###\n8:(3)l=0:,,%%%\n", "a list element is empty (at byte 12)");
        assertMalformed(">>>\nt=status\n", "the message ends without '<<<' and a newline (at byte 13)");
        assertMalformed(">>>\n(1)u=not base64!\n<<<\n", "a binary value that is not base64: Illegal base64 "
                + "character 20 (at byte 9)");
        assertMalformed(">>>\n(0)t=status\n<<<\n", "a field type other than (1) to (4) in the classic form"
                + " (at byte 4)");
        assertMalformed(">>>\nauth=1\n<<<\n", "an auth field that is not 'N digest': '1' (at byte 15)");
    }

    @Test
    void nestingDeeperThanHeartbeatCanRenderIsRefused() {
        HeartbeatMessage message = HeartbeatMessage.of(Field.text("x", "y"));
        for (int depth = 1; depth <= NetstringFormat.MAX_DEPTH; depth++) {
            message = HeartbeatMessage.of(new Field("n", FieldValue.Nested.struct(message)));
        }
        byte[] deepest = WireFormat.netstring(message);
        assertThat(new HeartbeatWire(new HeartbeatKeys(keys(1, key(1, AuthKeys.Method.CRC, ""))))
                .decode(deepest, 0, deepest.length)).isInstanceOf(Decoded.Unauthenticated.class);
        byte[] tooDeep = WireFormat.netstring(HeartbeatMessage.of(new Field("n", FieldValue.Nested.struct(message))));
        assertThat(malformedReason(tooDeep)).startsWith("a message nested more than 16 levels deep");
        assertThat(WireFormat.classic(message)).isNotEmpty();
        HeartbeatMessage eighteenLevels = HeartbeatMessage.of(new Field("n", FieldValue.Nested.struct(message)));
        assertThatThrownBy(() -> WireFormat.classic(eighteenLevels)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a message nested more than 16 levels deep");
    }

    @Test
    void aPacketLargerThanHeartbeatReadsIsRefusedBeforeItIsRead() {
        byte[] huge = new byte[WireFormat.MAX_PACKET + 1];
        assertThat(malformedReason(huge)).isEqualTo("a packet of 262144 bytes, more than heartbeat reads (262143)"
                + " (at byte 0)");
    }

    @Test
    void aTrailingNulAsOlderHeartbeatsSendIsAllowed() throws Exception {
        byte[] classic = (">>>\nt=status\n<<<\n\0").getBytes(StandardCharsets.US_ASCII);
        assertThat(WireFormat.parse(classic, 0, classic.length).message())
                .isEqualTo(HeartbeatMessage.of(Field.text("t", "status")));
    }

    @Test
    void withReplacesTheFirstFieldOfANameWhereItStandsOrAppends() {
        HeartbeatMessage message = HeartbeatMessage.of(Field.text("a", "1"), Field.text("b", "2"));
        assertThat(message.withText("a", "3").fields()).containsExactly(Field.text("a", "3"), Field.text("b", "2"));
        assertThat(message.withText("c", "4").fields()).containsExactly(Field.text("a", "1"), Field.text("b", "2"),
                Field.text("c", "4"));
    }

    private static void assertMalformed(String packet, String reason) {
        assertThat(malformedReason(packet.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(reason);
    }

    private static String malformedReason(byte[] packet) {
        Decoded decoded = new HeartbeatWire(new HeartbeatKeys(keys(1, key(1, AuthKeys.Method.CRC, ""))))
                .decode(packet, 0, packet.length);
        assertThat(decoded).isInstanceOf(Decoded.Malformed.class);
        return ((Decoded.Malformed) decoded).reason();
    }

    private static WirePacket parse(byte[] packet) {
        try {
            return WireFormat.parse(packet, 0, packet.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }
}
