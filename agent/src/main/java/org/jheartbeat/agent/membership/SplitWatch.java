package org.jheartbeat.agent.membership;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * One link's watch for a partition that healed on the wire but not in the views: this node hears, on the link, ha.cf
 * nodes that are not in its view (every node sends a sign of life to every other each keepalive, whatever the views).
 * JGroups merges such views itself (MERGE3, within seconds); it is asked to at once when nodes it had left out are heard
 * again ({@link #nudgeMerge}), and when it has not merged them, a side rejoins the link, a join where the merge did not
 * happen. A node alone in its view rejoins after the patience (alone, nobody sees it leave); the fault lab
 * found the case, a node cut off for 1.25 s under load that stayed in a view of its own for minutes while its peers'
 * packets reached it. When every node is alone, the one whose name sorts first waits twice as long, so that the others
 * come to it rather than all rejoining at once. A side of several nodes (two against two in a cluster of four, say),
 * which no lone node's rejoin ends, rejoins after {@link #SIDE_WAIT_FACTOR} patiences, leaving lone nodes time to come
 * first, unless its view holds the name that sorts first among all the nodes this node sees and hears: every node that
 * hears the same nodes picks alike, so that side stays and the others come to it.
 *
 * <p>A rejoin that did not end the split (the join found another side's coordinator, or a link carries packets one way
 * only) is tried again after twice the wait before, up to {@link #LONGEST_WAIT_FACTOR} patiences, so that a split no
 * join can end is not rejoined every few seconds; once nobody outside the view is heard the waits start over. Not
 * thread-safe: one thread checks a link.
 */
final class SplitWatch {

    /** How many patiences a side of several nodes waits before it rejoins. */
    static final int SIDE_WAIT_FACTOR = 3;
    /** The longest wait before a rejoin, in patiences. */
    static final int LONGEST_WAIT_FACTOR = 8;
    /** How many checks in a row nudge the merge once nodes left out of the view are heard again. */
    static final int MERGE_NUDGES = 3;

    private final Duration patience;
    private boolean split;
    private long splitSince;
    private int retries;
    private int nudges;

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
        Set<String> outside = outside(self, view, heard);
        if (outside.isEmpty()) {
            split = false;
            retries = 0;
            return Set.of();
        }
        boolean alone = view.size() <= 1;
        boolean first = holdsTheFirstName(self, view, outside);
        if (first && !alone) {
            split = false;
            return Set.of();
        }
        if (!split) {
            split = true;
            splitSince = now;
        }
        long factor = Math.min((alone ? (first ? 2 : 1) : SIDE_WAIT_FACTOR) * (1L << retries), LONGEST_WAIT_FACTOR);
        if (now - splitSince < patience.multipliedBy(factor).toNanos()) {
            return Set.of();
        }
        return rejoined(outside);
    }

    /**
     * Whether this check should announce this node's view on the link at once and have its coordinator compare the
     * views it was told, rather than wait for JGroups' own rounds (up to 4.5 s for an announcement, 4.8 s between
     * comparisons): yes for the first {@link #MERGE_NUDGES} checks that hear nodes the view left out, after which
     * JGroups' rhythm and the rejoin take over. Only a node heard since the view left it out counts: its last packets
     * before a cut are no sign that the partition healed.
     *
     * @param heardSinceView the nodes heard on the link since its view was installed
     */
    boolean nudgeMerge(String self, Set<String> view, Set<String> heardSinceView) {
        if (outside(self, view, heardSinceView).isEmpty()) {
            nudges = 0;
            return false;
        }
        nudges = Math.min(nudges + 1, MERGE_NUDGES + 1);
        return nudges <= MERGE_NUDGES;
    }

    /**
     * Another node of this node's side on the link rejoins for a split now: this one rejoins with it at once, unless
     * its side stays or it hears nobody outside its view. A side whose members rejoined one by one would leave a
     * coordinator behind, and JGroups' join picks at random among the coordinators it finds.
     *
     * @return the nodes heard but left out of the view, when this node should rejoin the link now; else empty
     */
    Set<String> rejoinWithSide(String self, Set<String> view, Set<String> heard) {
        Set<String> outside = outside(self, view, heard);
        return outside.isEmpty() || holdsTheFirstName(self, view, outside) ? Set.of() : rejoined(outside);
    }

    private Set<String> rejoined(Set<String> outside) {
        split = false;
        retries = Math.min(retries + 1, Integer.numberOfTrailingZeros(LONGEST_WAIT_FACTOR));
        return outside;
    }

    private static Set<String> outside(String self, Set<String> view, Set<String> heard) {
        TreeSet<String> outside = new TreeSet<>(heard);
        outside.removeAll(view);
        outside.remove(self);
        return outside;
    }

    /** Whether this node's side holds the name that sorts first among all the nodes it sees and hears. */
    private static boolean holdsTheFirstName(String self, Set<String> view, Set<String> outside) {
        TreeSet<String> everyone = new TreeSet<>(outside);
        everyone.addAll(view);
        everyone.add(self);
        return view.contains(everyone.first()) || self.equals(everyone.first());
    }
}
