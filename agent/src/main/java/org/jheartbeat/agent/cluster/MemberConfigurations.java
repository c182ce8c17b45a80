package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.ownership.Topology;

/**
 * Which configuration every member runs: the digest of its files, and the groups its haresources names. Nodes reload
 * their files one after another, so for a while they may differ: a group that some member does not know is left
 * where it is (started nowhere anew, released nowhere) until every member knows it, so that neither a group added on
 * one node nor one removed on another is started on a node that was not told. A member that never said (an agent
 * older than this one) counts as knowing every group.
 */
final class MemberConfigurations {

    private final String self;
    private final Map<String, ClusterMessage.Configuration> configurations = new HashMap<>();

    /** Until told its digest ({@link #own(String, Topology)}), this node runs {@code topology} under no digest. */
    MemberConfigurations(String self, Topology topology) {
        this.self = self;
        own("", topology);
    }

    ClusterMessage.Configuration own() {
        return configurations.get(self);
    }

    void own(String digest, Topology topology) {
        configurations.put(self, new ClusterMessage.Configuration(digest,
                topology.groups().stream().map(Topology.GroupSpec::id).toList()));
    }

    void heard(String member, ClusterMessage.Configuration configuration) {
        configurations.put(member, configuration);
    }

    /** Forgets what nodes that left ran: they say it again when they come back. */
    void retain(Set<String> members) {
        configurations.keySet().removeIf(node -> !node.equals(self) && !members.contains(node));
    }

    /** The groups of {@code topology} that some member does not know. */
    Set<String> notEverywhere(Topology topology, Set<String> members) {
        Set<String> unknown = new HashSet<>();
        for (String member : members) {
            ClusterMessage.Configuration configuration = configurations.get(member);
            if (configuration != null) {
                topology.groups().stream().map(Topology.GroupSpec::id)
                        .filter(group -> !configuration.groups().contains(group)).forEach(unknown::add);
            }
        }
        return unknown;
    }

    /** The digest of every member that has said which configuration it runs. */
    Map<String, String> digests(Set<String> members) {
        Map<String, String> digests = new HashMap<>();
        for (String member : members) {
            ClusterMessage.Configuration configuration = configurations.get(member);
            if (configuration != null && !configuration.digest().isEmpty()) {
                digests.put(member, configuration.digest());
            }
        }
        return digests;
    }
}
