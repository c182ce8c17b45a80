package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.Set;

/**
 * A node away restarting in place ({@link ClusterMessage.Restarting}), or whose dead agent's guard is releasing its
 * groups ({@link ClusterMessage.GuardReleasing}).
 *
 * @param groups         the groups held for it, started nowhere else meanwhile
 * @param left           how much longer they are held for it
 * @param guardReleasing its guard is stopping what its dead agent left running (a restart that failed included)
 */
public record AwayRestarting(Set<String> groups, Duration left, boolean guardReleasing) {
    public AwayRestarting {
        groups = Set.copyOf(groups);
    }

    /** A node away restarting in place. */
    public AwayRestarting(Set<String> groups, Duration left) {
        this(groups, left, false);
    }
}
