package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.jheartbeat.agent.config.AuthKeys;
import org.junit.jupiter.api.Test;

/** Known answers: the CRC catalogue's check value, and RFC 2202's HMAC test cases. */
class DigestsTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUESTION = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crcIsTheMsbFirstCrc32WithoutTheLengthCksumAppends() {
        assertThat(Digests.digest(AuthKeys.Method.CRC, new byte[0], CHECK, 0, CHECK.length)).isEqualTo("765e7680");
    }

    @Test
    void crcIsWrittenWithoutLeadingZeros() {
        byte[] data = {0x01};
        String digest = Digests.digest(AuthKeys.Method.CRC, new byte[0], data, 0, 1);
        assertThat(digest).isEqualTo(Long.toHexString(Digests.crc(data, 0, 1))).doesNotStartWith("0");
    }

    @Test
    void md5AndSha1AreHmacs() {
        assertThat(Digests.digest(AuthKeys.Method.MD5, JEFE, QUESTION, 0, QUESTION.length))
                .isEqualTo("750c783e6ab0b503eaa86e310a5db738");
        assertThat(Digests.digest(AuthKeys.Method.SHA1, JEFE, QUESTION, 0, QUESTION.length))
                .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }

    @Test
    void aKeyLongerThanABlockIsHashedFirst() {
        byte[] key = new byte[80];
        java.util.Arrays.fill(key, (byte) 0xaa);
        byte[] data = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        assertThat(Digests.digest(AuthKeys.Method.SHA1, key, data, 0, data.length))
                .isEqualTo("aa4ae5e15272d00e95705637ce8a3b55ed402112");
        assertThat(Digests.digest(AuthKeys.Method.MD5, key, data, 0, data.length))
                .isEqualTo("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
    }
}
