package org.jheartbeat.agent.membership;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.KeySpec;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an authkeys secret becomes the key packets are authenticated with ({@link KeyRing} holds one per line).
 *
 * <p>authkeys names crc, md5 or sha1, which heartbeat used directly as the packet MAC. Those choices select
 * nothing weaker here: whatever the method, the secret goes through PBKDF2-HMAC-SHA256 (authkeys secrets are
 * often passwords, so a deliberately slow derivation) to a 256-bit HMAC-SHA256 key. {@code crc} has no secret,
 * so its key is derived from the empty string: every node agrees on it and it keeps out nobody, which is what
 * heartbeat's crc did too (the configuration check warns about it).
 */
public final class ClusterKey {

    static final String MAC_ALGORITHM = "HmacSHA256";
    private static final byte[] SALT = "jheartbeat cluster authentication v1".getBytes(StandardCharsets.US_ASCII);
    private static final int ITERATIONS = 20_000;

    private ClusterKey() {
    }

    public static SecretKey derive(String secret) {
        try {
            KeySpec spec = new PBEKeySpec(secret.toCharArray(), SALT, ITERATIONS, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, MAC_ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256", e);
        }
    }
}
