package org.jheartbeat.agent.ownership;

import java.util.Locale;
import java.util.Optional;

/**
 * Which groups an {@code hb_standby} or {@code hb_takeover} request covers, relative to the node it is
 * issued on. As in heartbeat, {@code failback} means the same as {@code foreign}.
 */
public enum Scope {
    /** Every group. */
    ALL,
    /** The groups whose preferred node is the requesting node. */
    LOCAL,
    /** The groups whose preferred node is another node. */
    FOREIGN,
    /** heartbeat's other name for {@link #FOREIGN}. */
    FAILBACK;

    public boolean covers(String requestingNode, String preferredNode) {
        return switch (this) {
            case ALL -> true;
            case LOCAL -> preferredNode.equals(requestingNode);
            case FOREIGN, FAILBACK -> !preferredNode.equals(requestingNode);
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String word) {
        for (Scope scope : values()) {
            if (scope.word().equals(word)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
