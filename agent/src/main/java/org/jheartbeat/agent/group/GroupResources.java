package org.jheartbeat.agent.group;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jheartbeat.resource.Resource;

/**
 * One haresources group as this node runs it: the agents of its resources.
 *
 * @param name      the group's name in the cluster
 * @param resources in haresources order: started first to last, stopped last to first
 */
public record GroupResources(String name, List<Resource> resources) {

    public GroupResources {
        Objects.requireNonNull(name, "name");
        resources = List.copyOf(resources);
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("group " + name + " has no resources");
        }
        Set<String> ids = new HashSet<>();
        for (Resource resource : resources) {
            if (!ids.add(resource.spec().id())) {
                throw new IllegalArgumentException("group " + name + " lists " + resource.spec() + " twice");
            }
        }
    }
}
