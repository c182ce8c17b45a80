package org.jheartbeat.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the agent runs from, parsed once and checked as a whole: ha.cf, haresources, authkeys and the
 * HOCON settings. Only a configuration without errors becomes a ClusterConfig.
 *
 * @param configDir the heartbeat directory it was read from ({@code /etc/ha.d} or {@code /etc/heartbeat})
 * @param localNode this node's name, lower case, as in ha.cf's node lines
 */
public record ClusterConfig(Path configDir, String localNode, HaCf haCf, List<ResourceGroup> groups,
                            AuthKeys authKeys, Settings settings) {

    public ClusterConfig {
        groups = List.copyOf(groups);
    }

    public Optional<ResourceGroup> group(String id) {
        return groups.stream().filter(group -> group.id().equals(id)).findFirst();
    }
}
