package org.jheartbeat.agent.ownership;

import java.util.List;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.ClusterConfig;

/**
 * What placement needs of the configuration: the nodes in ha.cf's order (which breaks every tie), the groups
 * with their preferred nodes in haresources order, the failback policy, and whether ping reachability moves
 * groups ({@code ipfail}: ha.cf respawns ipfail; without it heartbeat only reports ping nodes).
 */
public record Topology(List<String> nodes, List<GroupSpec> groups, AutoFailback autoFailback, boolean ipfail) {

    /** A group as placement sees it. */
    public record GroupSpec(String id, String preferredNode) {
    }

    public Topology {
        nodes = List.copyOf(nodes);
        groups = List.copyOf(groups);
    }

    /** The same topology without {@code groups}: the groups placement must leave alone for now. */
    public Topology without(Set<String> groupIds) {
        return new Topology(nodes, groups.stream().filter(group -> !groupIds.contains(group.id())).toList(),
                autoFailback, ipfail);
    }

    public static Topology of(ClusterConfig config) {
        return new Topology(config.haCf().nodes(),
                config.groups().stream().map(group -> new GroupSpec(group.id(), group.preferredNode())).toList(),
                config.haCf().autoFailback(), config.haCf().ipfail());
    }
}
