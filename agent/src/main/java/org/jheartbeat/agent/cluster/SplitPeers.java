package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes this node hears but that are not members: the other side of a split membership. heartbeat judges a node
 * alive by its packets alone, on any medium, whatever else happens; jheartbeat's views come from JGroups, which may
 * leave two sides apart while each hears the other (a merge that does not come under load). A node heard within
 * deadtime and outside the view is such a side. (A node that said it leaves, {@link ClusterMessage.Leaving}, is not
 * heard for the rest of that run of its agent: the links leave it out.)
 *
 * <p>Every node passes through this state for a moment as it joins (it is heard before the view takes it in), so a
 * split is logged only once it has lasted {@code patience}, and its end only when it was logged.
 */
final class SplitPeers {

    private static final Logger LOG = LoggerFactory.getLogger(SplitPeers.class);

    private final String self;
    private final Ticker ticker;
    private final long patienceNanos;
    /** Each node heard outside the view, and since when (the ticker's nanoseconds). */
    private final Map<String, Long> unmergedSince = new HashMap<>();
    private final Set<String> logged = new HashSet<>();

    SplitPeers(String self, Ticker ticker, Duration patience) {
        this.self = self;
        this.ticker = ticker;
        this.patienceNanos = patience.toNanos();
    }

    /**
     * @param heard   ha.cf's nodes whose authenticated packets arrived lately on some link
     * @param members the view
     * @return the nodes heard but not members
     */
    Set<String> unmerged(Set<String> heard, Set<String> members) {
        Set<String> now = new TreeSet<>(heard);
        now.removeAll(members);
        now.remove(self);
        long at = ticker.read();
        unmergedSince.keySet().stream().filter(node -> !now.contains(node)).sorted().toList().forEach(node -> {
            unmergedSince.remove(node);
            if (logged.remove(node)) {
                LOG.info("node {} is {}", node, members.contains(node) ? "a member again: the split is over"
                        : "no longer heard");
            }
        });
        now.forEach(node -> {
            long since = unmergedSince.computeIfAbsent(node, first -> at);
            if (at - since >= patienceNanos && logged.add(node)) {
                LOG.warn("node {} has been heard for {} ms but is not a member: the membership is split; no group is "
                        + "started or moved until the views merge or it falls silent", node, (at - since) / 1_000_000);
            }
        });
        return Set.copyOf(now);
    }
}
