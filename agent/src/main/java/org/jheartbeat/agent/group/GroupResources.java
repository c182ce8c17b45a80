package org.jheartbeat.agent.group;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.resource.Resource;

/**
 * One haresources group as this node runs it: the agents of its resources.
 *
 * @param name          the group's name in the cluster
 * @param preferredNode the node its haresources line names first
 * @param resources     in haresources order: started first to last, stopped last to first
 */
public record GroupResources(String name, String preferredNode, List<Resource> resources) {

    public GroupResources {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preferredNode, "preferredNode");
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

    /** The haresources line, as heartbeat's ResourceManager names the group in its log. */
    public String haresourcesLine() {
        return preferredNode + " " + String.join(" ", resources.stream().map(resource -> resource.spec().id()).toList());
    }

    /**
     * The script heartbeat runs for the resource at {@code index}, with its arguments ({@link HeartbeatLog#command}),
     * as the resource is found now (a script installed late may turn out an LSB script).
     */
    String heartbeatCommand(int index) {
        Resource resource = resources.get(index);
        return HeartbeatLog.command(resource.spec().type(), resource.spec().arguments(),
                resource instanceof HeartbeatScript script && script.initScript());
    }
}
