package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.Map;
import org.jheartbeat.agent.membership.SenderPosition;

/**
 * What a node says whole, again at each change: its state, its configuration, its blocked groups, and a coordinator's
 * instructions (each decision is drawn from every member's state, and holds every action still due). Only the latest
 * it sent counts. The membership hands on each sender's messages in the order sent, but for one that comes after its gap
 * was given up, late, behind later ones ({@link org.jheartbeat.agent.membership.Membership.Listener#delivered}). Taken,
 * such a message would undo what was learnt since: a node that stopped a group would seem to hold it again, and the
 * group would wait for a stop that already happened, or a node that started one would seem idle; a node told to stop a
 * group would start it again on the decision before. Used on the cluster loop only.
 */
final class LatestSnapshots {

    private final Map<String, Map<Class<? extends ClusterMessage>, SenderPosition>> latest = new HashMap<>();

    /**
     * Whether {@code message} is to be taken: any message but a snapshot sent before the latest one of its kind taken
     * from {@code sender}. Remembers the position of a snapshot taken.
     */
    boolean take(String sender, SenderPosition position, ClusterMessage message) {
        if (!isSnapshot(message)) {
            return true;
        }
        Map<Class<? extends ClusterMessage>, SenderPosition> senders =
                latest.computeIfAbsent(sender, node -> new HashMap<>());
        SenderPosition before = senders.get(message.getClass());
        if (before != null && position.compareTo(before) <= 0) {
            return false;
        }
        senders.put(message.getClass(), position);
        return true;
    }

    private static boolean isSnapshot(ClusterMessage message) {
        return message instanceof ClusterMessage.StateReport || message instanceof ClusterMessage.Configuration
                || message instanceof ClusterMessage.Blocked || message instanceof ClusterMessage.Instructions;
    }
}
