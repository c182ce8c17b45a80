package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jheartbeat.agent.group.GroupSnapshot;

/**
 * The groups whose stop failed on some node and that stay there, BLOCKED (fencing returned with the node up) or
 * FENCING: this node's own, which it tells the members ({@link ClusterMessage.Blocked}) whenever they change and
 * whenever a node arrives, and those the members told, for status. A member holds such a group all the same (it is
 * never reported stopped), so nothing here changes a decision: it only says why the group does not move.
 */
final class BlockedGroups {

    private final Set<String> here = new TreeSet<>();
    private final Map<String, Set<String>> elsewhere = new HashMap<>();

    /** @return whether this node's own blocked groups changed */
    boolean changedHere(GroupSnapshot snapshot) {
        return snapshot.state().failedToStop() ? here.add(snapshot.name()) : here.remove(snapshot.name());
    }

    Set<String> here() {
        return Set.copyOf(here);
    }

    void heard(String node, Set<String> groups) {
        if (groups.isEmpty()) {
            elsewhere.remove(node);
        } else {
            elsewhere.put(node, Set.copyOf(groups));
        }
    }

    void retain(Set<String> members) {
        elsewhere.keySet().retainAll(members);
    }

    /** Every node's blocked groups as last known, this node's included. */
    Map<String, Set<String>> byNode(String self) {
        Map<String, Set<String>> all = new HashMap<>(elsewhere);
        if (!here.isEmpty()) {
            all.put(self, here());
        }
        return Map.copyOf(all);
    }
}
