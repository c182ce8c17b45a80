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
 * Groups kept for a node that is away while its resources may still run there: nobody acquires them meanwhile.
 * <ul>
 *   <li>Its agent restarts in place ({@link ClusterMessage.Restarting}): the groups it left running are held until the
 *       node is back in the view (its new agent reports what it adopted), or until its own promise has run out: it was
 *       to be back within its grace, and otherwise its guard releases everything within its stop bound after that.</li>
 *   <li>Its agent is gone and its guard releases what the agent left running ({@link ClusterMessage.GuardReleasing}):
 *       every group is held, since the agent may have been starting any of them, until the guard says they are
 *       released ({@link ClusterMessage.GuardReleased}), the node is back, or the guard's own bound has run out (by
 *       then every stop ended, or a stop that failed fenced the node).</li>
 * </ul>
 * A node whose death is silent (power, cable) sends neither word and is held for by nobody: it is taken over at once.
 * The guard's released word also ends a restart hold, which it outlasts otherwise: an agent killed after claiming the
 * groups a restart left running, before joining, leaves them to its guard.
 */
final class AwayHolds {

    private static final Logger LOG = LoggerFactory.getLogger(AwayHolds.class);

    /** @param releasing held while the node's guard releases, not (or no longer only) for a restart in place */
    private record Hold(Set<String> groups, long until, boolean releasing) {
        String why() {
            return releasing ? "its guard's release" : "restarting in place";
        }
    }

    /** Monotonic: a step of the wall clock neither shortens nor prolongs a hold. */
    private final Ticker ticker;
    private final Map<String, Hold> holds = new HashMap<>();
    /** Per node, the last agent generation whose guard said released: a late copy of its releasing word is no news. */
    private final Map<String, Long> released = new HashMap<>();

    AwayHolds(Ticker ticker) {
        this.ticker = ticker;
    }

    private long nowMillis() {
        return ticker.read() / 1_000_000;
    }

    void restarting(String node, ClusterMessage.Restarting restarting) {
        long until = nowMillis() + restarting.backWithinMillis() + restarting.releasedWithinMillis();
        holds.put(node, new Hold(Set.copyOf(restarting.groups()), until, false));
        LOG.info("node {} restarting in place: its groups {} stay there and are started nowhere else for {} ms "
                + "(back within {} ms, else released there within {} ms more)", node, restarting.groups(),
                until - nowMillis(), restarting.backWithinMillis(), restarting.releasedWithinMillis());
    }

    /**
     * The guard of {@code node}'s agent releases what that agent left running: {@code groups} (all of them) are
     * started nowhere else until it says released, or for its bound. A hold already there is kept where it is longer.
     */
    void releasing(String node, ClusterMessage.GuardReleasing releasing, Set<String> groups) {
        if (Long.valueOf(releasing.generation()).equals(released.get(node))) {
            return;
        }
        long until = nowMillis() + releasing.releasedWithinMillis();
        Hold before = holds.get(node);
        Set<String> held = new HashSet<>(groups);
        if (before != null) {
            held.addAll(before.groups());
            until = Math.max(until, before.until());
        }
        holds.put(node, new Hold(Set.copyOf(held), until, true));
        if (before == null || !before.releasing()) {
            LOG.warn("node {}: its agent is gone and its guard is stopping what it left running: no group starts "
                    + "elsewhere until the guard says they stopped, at most {} ms", node, until - nowMillis());
        }
    }

    /**
     * The guard of {@code node}'s agent has stopped every group there: what was held for that node may start
     * elsewhere now, a restart hold included.
     *
     * @return whether a hold ended
     */
    boolean released(String node, ClusterMessage.GuardReleased word) {
        released.put(node, word.generation());
        Hold hold = holds.remove(node);
        if (hold != null) {
            LOG.info("node {}: its guard has stopped every group its agent left running: {} may start elsewhere",
                    node, hold.groups());
        }
        return hold != null;
    }

    /** Whether {@code node} left to restart in place (said so, and no guard of its has spoken since). */
    boolean restartingInPlace(String node) {
        Hold hold = holds.get(node);
        return hold != null && !hold.releasing();
    }

    /** The node is a member again: what it holds, its new agent reports. */
    void returned(String node) {
        Hold hold = holds.remove(node);
        if (hold != null) {
            LOG.info("node {} is back after {}", node, hold.why());
        }
    }

    /** The groups no member may acquire now: those held for every node away, except nodes that are members. */
    Set<String> held(Set<String> members) {
        Set<String> held = new HashSet<>();
        away(members).values().forEach(away -> held.addAll(away.groups()));
        return held;
    }

    /** The nodes away (not members, their hold not run out), for status. */
    Map<String, AwayRestarting> away(Set<String> members) {
        long now = nowMillis();
        holds.entrySet().removeIf(entry -> {
            boolean expired = now >= entry.getValue().until() && !members.contains(entry.getKey());
            if (expired) {
                LOG.warn("node {} ({}) did not come back or say released in time: it has released {} by now, and they "
                        + "may be started elsewhere", entry.getKey(), entry.getValue().why(), entry.getValue().groups());
            }
            return expired;
        });
        Map<String, AwayRestarting> away = new HashMap<>();
        holds.forEach((node, hold) -> {
            if (!members.contains(node)) {
                away.put(node, new AwayRestarting(hold.groups(), Duration.ofMillis(hold.until() - now),
                        hold.releasing()));
            }
        });
        return away;
    }
}
