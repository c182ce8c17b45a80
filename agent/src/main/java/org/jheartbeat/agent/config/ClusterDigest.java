package org.jheartbeat.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What every node must agree on to place the groups alike, as one short digest that nodes compare: ha.cf's nodes and
 * auto_failback, and haresources' groups (preferred node and resources, in order). Comments, layout, log settings and
 * anything that may rightly differ from node to node (a logfile path, the media) do not change it.
 */
public final class ClusterDigest {

    private ClusterDigest() {
    }

    /** The first 12 hex digits of the SHA-256 of what {@code config} places by. */
    public static String of(ClusterConfig config) {
        StringBuilder meaning = new StringBuilder("node");
        config.haCf().nodes().forEach(node -> meaning.append(' ').append(node));
        meaning.append("\nauto_failback ").append(config.haCf().autoFailback().name().toLowerCase(Locale.ROOT));
        for (ResourceGroup group : config.groups()) {
            meaning.append('\n').append(group.preferredNode());
            group.resources().forEach(resource -> meaning.append(' ').append(resource.id()));
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(meaning.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
