package org.jheartbeat.agent.heartbeatprotocol;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jheartbeat.agent.config.AuthKeys;

/**
 * heartbeat's three authentication methods (its HBauth plugins), each giving the text it compares: md5 and sha1
 * are HMACs (RFC 2104, a key longer than 64 bytes hashed first, as heartbeat does) in lowercase hex, two digits a
 * byte; crc is an unkeyed CRC-32 in lowercase hex without leading zeros.
 */
final class Digests {

    private static final int[] CRC_TABLE = crcTable();

    private Digests() {
    }

    static String digest(AuthKeys.Method method, byte[] secret, byte[] data, int offset, int length) {
        switch (method) {
            case CRC:
                return Long.toHexString(crc(data, offset, length));
            case MD5:
                return hmac("HmacMD5", secret, data, offset, length);
            default:
                return hmac("HmacSHA1", secret, data, offset, length);
        }
    }

    /**
     * The CRC heartbeat's crc method computes: the CRC-32 polynomial 0x04C11DB7 fed most significant bit first,
     * starting from 0 and inverted at the end (POSIX cksum's CRC without the length appended).
     */
    static long crc(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ data[i]) & 0xff];
        }
        return ~crc & 0xffffffffL;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int index = 0; index < 256; index++) {
            int value = index << 24;
            for (int bit = 0; bit < 8; bit++) {
                value = (value & 0x80000000) != 0 ? (value << 1) ^ 0x04C11DB7 : value << 1;
            }
            table[index] = value;
        }
        return table;
    }

    private static String hmac(String algorithm, byte[] secret, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            mac.update(data, offset, length);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always provides " + algorithm, e);
        }
    }
}
