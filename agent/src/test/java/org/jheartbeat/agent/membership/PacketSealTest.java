package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.config.SourceLocation;
import org.junit.jupiter.api.Test;

/**
 * The seal on one datagram: authkeys' keys as heartbeat's sample file promises them (the {@code auth} key signs,
 * every listed key is accepted), and the sender's address.
 */
class PacketSealTest {

    private static final byte[] FROM = {10, 0, 0, 1, 2, (byte) 182};
    private static final byte[] JGROUPS = "jgroups' own bytes".getBytes(StandardCharsets.UTF_8);

    private static KeyRing keys(int signing, Map<Integer, String> secrets) {
        Map<Integer, AuthKeys.AuthKey> lines = new java.util.HashMap<>();
        secrets.forEach((index, secret) -> lines.put(index, new AuthKeys.AuthKey(index, AuthKeys.Method.SHA1, secret,
                SourceLocation.wholeFile(java.nio.file.Path.of("authkeys")))));
        return KeyRing.of(new AuthKeys(signing, lines));
    }

    private static String opened(PacketSeal receiver, byte[] from, byte[] datagram) {
        PacketSeal.Opened opened = receiver.open("test", from, datagram, 0, datagram.length);
        return opened == null ? null : opened.node() + ":" + new String(datagram, opened.offset(), opened.length(),
                StandardCharsets.UTF_8);
    }

    @Test
    void everyListedKeyIsAcceptedAndTheAuthKeySigns() {
        PacketSeal switched = new PacketSeal(keys(2, Map.of(1, "old", 2, "new")), "alpha", 7);
        PacketSeal notYet = new PacketSeal(keys(1, Map.of(1, "old", 2, "new")), "beta", 9);
        assertThat(opened(notYet, FROM, switched.seal(FROM, JGROUPS, 0, JGROUPS.length)))
                .as("signed with key 2, accepted by a node still signing with key 1").isEqualTo("alpha:jgroups' own bytes");
        assertThat(opened(switched, FROM, notYet.seal(FROM, JGROUPS, 0, JGROUPS.length)))
                .as("and the other way round").isEqualTo("beta:jgroups' own bytes");
    }

    @Test
    void aKeyTheReceiverDoesNotListOrADifferentSecretUnderTheSameNumberIsRefused() {
        PacketSeal onlyNew = new PacketSeal(keys(2, Map.of(2, "new")), "alpha", 1);
        PacketSeal onlyOld = new PacketSeal(keys(1, Map.of(1, "old")), "beta", 1);
        PacketSeal otherSecret = new PacketSeal(keys(2, Map.of(2, "not-new")), "gamma", 1);
        byte[] datagram = onlyNew.seal(FROM, JGROUPS, 0, JGROUPS.length);
        assertThat(opened(onlyOld, FROM, datagram)).isNull();
        assertThat(opened(otherSecret, FROM, datagram)).isNull();
        assertThat(onlyOld.dropped() + otherSecret.dropped()).isEqualTo(2);
    }

    @Test
    void aDatagramFromAnotherAddressThanItsSenderPutInItIsRefused() {
        PacketSeal seal = new PacketSeal(keys(1, Map.of(1, "s")), "alpha", 1);
        byte[] datagram = seal.seal(FROM, JGROUPS, 0, JGROUPS.length);
        byte[] elsewhere = Arrays.copyOf(FROM, FROM.length);
        elsewhere[3] = 9;
        assertThat(opened(new PacketSeal(keys(1, Map.of(1, "s")), "beta", 1), elsewhere, datagram)).isNull();
    }

    @Test
    void aTamperedByteAnywhereIsRefused() {
        KeyRing keys = keys(1, Map.of(1, "s"));
        PacketSeal receiver = new PacketSeal(keys, "beta", 1);
        byte[] datagram = new PacketSeal(keys, "alpha", 1).seal(FROM, JGROUPS, 0, JGROUPS.length);
        for (int index = 4; index < datagram.length; index++) {
            byte[] tampered = Arrays.copyOf(datagram, datagram.length);
            tampered[index] ^= 1;
            assertThat(opened(receiver, FROM, tampered)).as("byte %d changed", index).isNull();
        }
        assertThat(opened(receiver, FROM, datagram)).as("the untouched datagram").isNotNull();
    }
}
