package org.jheartbeat.agent.membership;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * One link's watch for a partition that healed on the wire but not in the view: this node is alone in the link's
 * view while it hears other nodes' authentic packets on it. JGroups merges such views itself (MERGE3, within seconds);
 * when it has not after the patience, the lone node rejoins the link, a join where the merge did not happen. Alone in
 * its view, nobody sees it leave. The fault lab found the case: a node cut off for 1.25 s under load stayed in a view
 * of its own for minutes while its peers' packets reached it, and each side kept starting the groups the other ran.
 *
 * <p>When every node is alone, the one whose name sorts first waits twice as long, so that the others come to it
 * rather than all rejoining at once. Not thread-safe: one thread checks a link.
 */
final class SplitWatch {

    private final Duration patience;
    private boolean split;
    private long splitSince;

    SplitWatch(Duration patience) {
        this.patience = patience;
    }

    /**
     * @param view  the link's view, by node name
     * @param heard the nodes heard on the link lately
     * @param now   the monotonic clock, in nanoseconds
     * @return the nodes heard but left out of the view, when this node should rejoin the link now; else empty
     */
    Set<String> rejoinNow(String self, Set<String> view, Set<String> heard, long now) {
        TreeSet<String> outside = new TreeSet<>(heard);
        outside.removeAll(view);
        outside.remove(self);
        if (!view.equals(Set.of(self)) || outside.isEmpty()) {
            split = false;
            return Set.of();
        }
        if (!split) {
            split = true;
            splitSince = now;
        }
        Duration wait = self.compareTo(outside.first()) < 0 ? patience.multipliedBy(2) : patience;
        if (now - splitSince < wait.toNanos()) {
            return Set.of();
        }
        split = false;
        return outside;
    }
}
