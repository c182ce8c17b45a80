package org.jheartbeat.agent.heartbeatprotocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jheartbeat.agent.config.AuthKeys;

/**
 * authkeys applied to heartbeat packets: the active key ({@code auth N}) signs, and a packet signed with any key
 * the file lists is accepted, each checked with its own method and secret. (heartbeat 3.0.6 itself checks a
 * netstring packet with the method of the key it names but the secret of its own active key, so between two
 * heartbeat nodes only packets signed with the receiver's active secret pass; see docs/heartbeat-protocol.md.)
 * A secret's bytes are its UTF-8 encoding, which is the file's bytes for any secret in ASCII or UTF-8.
 */
public final class HeartbeatKeys {

    private final AuthKeys keys;

    public HeartbeatKeys(AuthKeys keys) {
        this.keys = keys;
    }

    /** The active key's signature over {@code length} bytes. */
    public Signature sign(byte[] data, int offset, int length) {
        return new Signature(keys.activeIndex(), digest(keys.active(), data, offset, length));
    }

    /** @return why the signature does not hold for these bytes, or empty when it holds */
    public Optional<String> check(Signature signature, byte[] data, int offset, int length) {
        AuthKeys.AuthKey key = keys.keys().get(signature.keyIndex());
        if (key == null) {
            return Optional.of("signed with key " + signature.keyIndex() + ", which authkeys does not list");
        }
        byte[] expected = digest(key, data, offset, length).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.digest().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the " + key.method().word() + " digest does not match key " + signature.keyIndex());
        }
        return Optional.empty();
    }

    /**
     * The message with heartbeat's classic {@code auth} field (added last, or replaced where it stands): the
     * active key's digest of every other field in the classic rendering. heartbeat 3.0.6 adds it to every message
     * it sends unless ha.cf says {@code msgfmt netstring}.
     *
     * @throws IllegalArgumentException for a message the classic rendering cannot hold
     */
    public HeartbeatMessage withAuthField(HeartbeatMessage message) {
        byte[] text = ClassicFormat.signedText(message);
        return message.withText(HeartbeatMessage.AUTH, sign(text, 0, text.length).text());
    }

    /** @return why the message's classic {@code auth} field does not hold, or empty when it holds */
    public Optional<String> checkAuthField(HeartbeatMessage message) {
        Optional<Signature> signature = message.text(HeartbeatMessage.AUTH).flatMap(Signature::parse);
        if (signature.isEmpty()) {
            return Optional.of("no auth field of the form 'N digest'");
        }
        byte[] text;
        try {
            text = ClassicFormat.signedText(message);
        } catch (IllegalArgumentException e) {
            return Optional.of("its classic rendering, which the auth field signs, cannot be made: " + e.getMessage());
        }
        return check(signature.get(), text, 0, text.length);
    }

    private static String digest(AuthKeys.AuthKey key, byte[] data, int offset, int length) {
        return Digests.digest(key.method(), key.secret().getBytes(StandardCharsets.UTF_8), data, offset, length);
    }
}
