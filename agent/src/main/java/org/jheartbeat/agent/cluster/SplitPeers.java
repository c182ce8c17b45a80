package org.jheartbeat.agent.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes this node hears but that are not members: the other side of a split membership. heartbeat judges a node
 * alive by its packets alone, on any medium, whatever else happens; jheartbeat's views come from JGroups, which may
 * leave two sides apart while each hears the other (a merge that does not come under load). A node heard within the
 * transport's suspicion time and outside the view is such a side, unless it said it was leaving
 * ({@link ClusterMessage.Leaving}): a clean leave hands everything over first, and the packets it sent on its way
 * out must not hold its groups back. A departed node counts again once it is a member again.
 */
final class SplitPeers {

    private static final Logger LOG = LoggerFactory.getLogger(SplitPeers.class);

    private final String self;
    private final Set<String> departed = new HashSet<>();
    private Set<String> unmerged = Set.of();

    SplitPeers(String self) {
        this.self = self;
    }

    /** The node said it leaves the cluster. */
    void leaving(String node) {
        departed.add(node);
    }

    /** A member is not departed any more. */
    void membersAre(Set<String> members) {
        departed.removeAll(members);
    }

    /**
     * @param heard   ha.cf's nodes whose authenticated packets arrived lately on some link
     * @param members the view
     * @return the nodes heard but not members; a change is logged
     */
    Set<String> unmerged(Set<String> heard, Set<String> members) {
        Set<String> now = new TreeSet<>(heard);
        now.removeAll(members);
        now.removeAll(departed);
        now.remove(self);
        if (!now.equals(unmerged)) {
            now.stream().filter(node -> !unmerged.contains(node)).forEach(node -> LOG.warn("node {} is heard but "
                    + "is not a member: the membership is split; no group is started or moved until the views "
                    + "merge or it falls silent", node));
            unmerged.stream().filter(node -> !now.contains(node)).forEach(node -> LOG.info("node {} is {}", node,
                    members.contains(node) ? "a member again: the split is over" : "no longer heard"));
            unmerged = Set.copyOf(now);
        }
        return unmerged;
    }
}
