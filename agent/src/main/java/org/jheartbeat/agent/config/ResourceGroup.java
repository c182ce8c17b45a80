package org.jheartbeat.agent.config;

import java.util.List;

/**
 * One haresources line: the node that should run the group when it can, and the resources, started in this
 * order and stopped in reverse. Like heartbeat, the cluster knows the group by its first resource.
 */
public record ResourceGroup(String preferredNode, List<ConfiguredResource> resources, SourceLocation location) {

    public ResourceGroup {
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one resource");
        }
    }

    /** The first resource's id, heartbeat's key for the group (as in {@code ResourceManager takegroup}). */
    public String id() {
        return resources.get(0).id();
    }
}
