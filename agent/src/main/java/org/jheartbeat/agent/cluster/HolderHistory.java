package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The last member seen holding each group, and the groups whose holder then died: why a group comes here. */
final class HolderHistory {

    private final Map<String, String> lastHolder = new HashMap<>();
    private final Set<String> orphaned = new HashSet<>();

    void held(String node, Set<String> groups) {
        groups.forEach(group -> lastHolder.put(group, node));
    }

    void gone(Set<String> nodes) {
        lastHolder.forEach((group, holder) -> {
            if (nodes.contains(holder)) {
                orphaned.add(group);
            }
        });
    }

    /** The member last seen holding the group, null when none was. */
    String holder(String group) {
        return lastHolder.get(group);
    }

    /** {@code self} acquires the group: after its holder died, from a living holder, or as its first placement. */
    Acquisition acquiring(String group, String self) {
        String previous = lastHolder.put(group, self);
        if (orphaned.remove(group)) {
            return Acquisition.FAILOVER;
        }
        return previous != null && !previous.equals(self) ? Acquisition.HANDOVER
                : Acquisition.START;
    }
}
