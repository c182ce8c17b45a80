package org.jheartbeat.agent.heartbeatpeer;

import java.util.Set;
import java.util.TreeSet;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ResourceGroup;

/**
 * haresources' groups by heartbeat's two classes, as this node names them: its local groups (the lines naming it
 * first) and its foreign ones (every other line; in heartbeat's two-node nice_failback, the peer's local groups).
 */
record GroupClasses(Set<String> local, Set<String> foreign) {

    GroupClasses {
        local = Set.copyOf(local);
        foreign = Set.copyOf(foreign);
    }

    static GroupClasses of(ClusterConfig config) {
        Set<String> local = new TreeSet<>();
        Set<String> foreign = new TreeSet<>();
        for (ResourceGroup group : config.groups()) {
            (group.preferredNode().equals(config.localNode()) ? local : foreign).add(group.id());
        }
        return new GroupClasses(local, foreign);
    }

    /**
     * The classes these groups fall in; a group haresources does not name counts in neither. A class without groups
     * counts as held along with the other, as heartbeat's node that took over everything says {@code all} (else its
     * peer logs that no one owns that class).
     */
    ResourceClasses of(Set<String> groups) {
        ResourceClasses held = new ResourceClasses(groups.stream().anyMatch(local::contains),
                groups.stream().anyMatch(foreign::contains));
        return held.isEmpty() ? held : held.with(unconfigured());
    }

    /** The classes haresources has no group in. */
    ResourceClasses unconfigured() {
        return new ResourceClasses(local.isEmpty(), foreign.isEmpty());
    }

    /** The groups of these classes. */
    Set<String> groups(ResourceClasses classes) {
        Set<String> groups = new TreeSet<>();
        if (classes.local()) {
            groups.addAll(local);
        }
        if (classes.foreign()) {
            groups.addAll(foreign);
        }
        return groups;
    }
}
