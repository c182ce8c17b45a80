package org.jheartbeat.agent.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.group.GroupPolicy;
import org.jheartbeat.agent.scripts.Resolution;

/**
 * What jheartbeat offers beyond heartbeat that this site has not turned on, by name, for {@code hbctl config check}:
 * an unchanged heartbeat site gets heartbeat's behaviour, and these lines say how to ask for more.
 */
final class OptIns {

    private OptIns() {
    }

    /** Two lines per opt-in the site could still take (what it has, how to ask for more); none when it took all. */
    static List<String> suggestions(ClusterConfig config, Map<String, Resolution> resolutions) {
        GroupPolicy policy = config.settings().groups();
        Set<String> scripts = new LinkedHashSet<>();
        for (ResourceGroup group : config.groups()) {
            for (ConfiguredResource resource : group.resources()) {
                Resolution resolution = resolutions.get(resource.spec().type());
                if (resolution != null && (resolution.origin() == Resolution.Origin.RESOURCE_D
                        || resolution.origin() == Resolution.Origin.INIT_D)) {
                    scripts.add(resource.spec().type());
                }
            }
        }
        List<String> unbounded = scripts.stream().filter(name -> !policy.perType().containsKey(name)).toList();
        List<String> unwatched = scripts.stream().filter(name -> !policy.monitor().scripts().contains(name)).toList();
        List<String> lines = new java.util.ArrayList<>();
        if (!unbounded.isEmpty()) {
            lines.add("time limits: none for " + String.join(", ", unbounded) + " (as under heartbeat);");
            lines.add("  operations.by-type." + unbounded.get(0) + " { start = 5m, stop = 10m } sets one");
        }
        if (!unwatched.isEmpty()) {
            lines.add("checks while running: none for " + String.join(", ", unwatched) + " (as under heartbeat);");
            lines.add("  monitor.scripts = [" + String.join(", ", unwatched) + "] checks those whose status is exact");
        }
        if (!config.haCf().pingTargets().isEmpty() && !config.haCf().ipfail()) {
            lines.add("ping nodes: watched and reported, they move no group (as under heartbeat without ipfail);");
            lines.add("  respawn hacluster /usr/lib/heartbeat/ipfail in ha.cf makes the node reaching fewer yield");
        }
        if (config.settings().fencing().method().isEmpty()) {
            lines.add("fencing: a stop that fails on a resource still running reboots the node (as under heartbeat);");
            lines.add("  fencing.method = halt, poweroff, or command with fencing.command (a STONITH client)");
        }
        return lines;
    }
}
