package org.jheartbeat.agent.cluster;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups kept for a node whose agent restarts in place ({@link ClusterMessage.Restarting}): while it is away they are
 * acquired by nobody, since its resources still run there. The hold ends when the node is back in the view (its new
 * agent reports what it adopted), or when the node's own promise has run out: it was to be back within its grace,
 * and otherwise its guard releases everything within its stop bound after that, so by then it holds nothing.
 */
final class RestartHolds {

    private static final Logger LOG = LoggerFactory.getLogger(RestartHolds.class);

    private record Hold(Set<String> groups, long until) {
    }

    /** Monotonic: a step of the wall clock neither shortens nor prolongs a hold. */
    private final Ticker ticker;
    private final Map<String, Hold> holds = new HashMap<>();

    RestartHolds(Ticker ticker) {
        this.ticker = ticker;
    }

    private long nowMillis() {
        return ticker.read() / 1_000_000;
    }

    void restarting(String node, ClusterMessage.Restarting restarting) {
        long until = nowMillis() + restarting.backWithinMillis() + restarting.releasedWithinMillis();
        holds.put(node, new Hold(Set.copyOf(restarting.groups()), until));
        LOG.info("node {} restarting in place: its groups {} stay there and are started nowhere else for {} ms "
                + "(back within {} ms, else released there within {} ms more)", node, restarting.groups(),
                until - nowMillis(), restarting.backWithinMillis(), restarting.releasedWithinMillis());
    }

    /** The node is a member again: what it holds, its new agent reports. */
    void returned(String node) {
        if (holds.remove(node) != null) {
            LOG.info("node {} is back after restarting in place", node);
        }
    }

    /** The groups no member may acquire now: those of every node restarting, except nodes that are members. */
    Set<String> held(Set<String> members) {
        Set<String> held = new HashSet<>();
        away(members).values().forEach(away -> held.addAll(away.groups()));
        return held;
    }

    /** The nodes away restarting in place (not members, their hold not run out), for status. */
    Map<String, ClusterNode.AwayRestarting> away(Set<String> members) {
        long now = nowMillis();
        holds.entrySet().removeIf(entry -> {
            boolean expired = now >= entry.getValue().until() && !members.contains(entry.getKey());
            if (expired) {
                LOG.warn("node {} did not come back from its restart in time: it has released {} by now, and they "
                        + "may be started elsewhere", entry.getKey(), entry.getValue().groups());
            }
            return expired;
        });
        Map<String, ClusterNode.AwayRestarting> away = new HashMap<>();
        holds.forEach((node, hold) -> {
            if (!members.contains(node)) {
                away.put(node, new ClusterNode.AwayRestarting(hold.groups(), Duration.ofMillis(hold.until() - now)));
            }
        });
        return away;
    }
}
