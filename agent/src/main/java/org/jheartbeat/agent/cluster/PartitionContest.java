package org.jheartbeat.agent.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;

/**
 * Groups this node runs that another member was seen running too: both halves of a partition ran them. Once
 * the other copy is gone, the keeper's resources announce themselves again: clients that followed the other
 * copy's announcements would otherwise keep sending to it until their caches expire (measured: 33-53 s for a
 * virtual address).
 */
final class PartitionContest {

    private final String self;
    private final Set<String> contested = new HashSet<>();

    PartitionContest(String self) {
        this.self = self;
    }

    /** @return the groups that run here and are this node's alone again: to be announced now */
    List<String> review(Map<String, Holding> mine, Map<String, NodeState> known) {
        contested.retainAll(mine.keySet());
        List<String> uncontested = new ArrayList<>();
        for (Map.Entry<String, Holding> held : mine.entrySet()) {
            String group = held.getKey();
            boolean elsewhere = known.entrySet().stream().anyMatch(other -> !other.getKey().equals(self)
                    && other.getValue().holdings().containsKey(group));
            if (elsewhere) {
                contested.add(group);
            } else if (contested.remove(group) && held.getValue() == Holding.RUNNING) {
                uncontested.add(group);
            }
        }
        return uncontested;
    }
}
