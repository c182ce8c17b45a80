package org.jheartbeat.agent.membership;

import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import org.jheartbeat.agent.config.AuthKeys;

/**
 * authkeys as the links use it: {@code auth N} names the key this node signs with, and every key the file lists
 * is accepted on receive, so keys can be changed one node at a time (add the new key everywhere, switch
 * {@code auth} node by node, remove the old key) without the cluster ever splitting. Each packet names the
 * index of the key it was signed with, as heartbeat's packets do.
 */
public final class KeyRing {

    private final int signing;
    private final SecretKey[] keys = new SecretKey[AuthKeys.MAX_INDEX + 1];

    private KeyRing(int signing, Map<Integer, SecretKey> byIndex) {
        this.signing = signing;
        byIndex.forEach((index, key) -> keys[index] = key);
    }

    public static KeyRing of(AuthKeys authKeys) {
        Map<Integer, SecretKey> derived = new TreeMap<>();
        authKeys.keys().forEach((index, key) -> derived.put(index, ClusterKey.derive(key.secret())));
        return new KeyRing(authKeys.activeIndex(), derived);
    }

    /** One key at {@code index}, signing and accepted: what a test that needs no rotation uses. */
    public static KeyRing single(int index, SecretKey key) {
        return new KeyRing(index, Map.of(index, key));
    }

    int signingIndex() {
        return signing;
    }

    /** The key listed at {@code index}, or null when there is none (or the index is out of authkeys' range). */
    SecretKey key(int index) {
        return index >= 0 && index < keys.length ? keys[index] : null;
    }
}
