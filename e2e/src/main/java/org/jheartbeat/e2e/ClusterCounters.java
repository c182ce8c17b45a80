package org.jheartbeat.e2e;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.resource.CommandResult;

/**
 * The jheartbeat agents' own event counters ({@code hbctl metrics}: one "name value" line each), summed over the
 * powered-on nodes: what the agents themselves counted of failovers, handovers and lost members. A counter an agent
 * has not listed yet counts 0.
 */
record ClusterCounters(Map<String, Long> totals) {

    static final List<String> NAMES = List.of("cluster.failovers", "cluster.handovers", "membership.nodes-lost",
            "membership.changes", "group.failures", "fencing.events");

    static ClusterCounters read(ClusterLab cluster) {
        Map<String, Long> totals = new LinkedHashMap<>();
        NAMES.forEach(name -> totals.put(name, 0L));
        for (SimulatedNode node : cluster.nodes()) {
            if (!node.isUp()) {
                continue;
            }
            CommandResult metrics = cluster.hbctl(node.name(), "metrics");
            if (!metrics.succeeded()) {
                throw new IllegalStateException("hbctl metrics on " + node.name() + ": " + metrics.describe());
            }
            Set<String> seen = new HashSet<>();
            for (String line : metrics.stdout().split("\n")) {
                String[] words = line.strip().split("\\s+");
                // Groups' failures are counted per group (group.ID.failures); the sum is what this reports.
                String name = words[0].matches("group\\..+\\.failures") ? "group.failures" : words[0];
                if (words.length == 2 && totals.containsKey(name)) {
                    try {
                        totals.merge(name, Long.parseLong(words[1]), Long::sum);
                        seen.add(name);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("hbctl metrics on " + node.name() + ": not a count: " + line);
                    }
                }
            }
            // A counter appears at its first event (cluster.failovers, cluster.handovers); membership.changes always.
            if (!seen.contains("membership.changes")) {
                throw new IllegalStateException("hbctl metrics on " + node.name() + " has no membership.changes:\n"
                        + metrics.stdout());
            }
        }
        return new ClusterCounters(Map.copyOf(totals));
    }

    ClusterCounters minus(ClusterCounters start) {
        Map<String, Long> difference = new LinkedHashMap<>();
        NAMES.forEach(name -> difference.put(name, totals.get(name) - start.totals.get(name)));
        return new ClusterCounters(difference);
    }

    long total() {
        return totals.values().stream().mapToLong(Long::longValue).sum();
    }

    String summary() {
        StringBuilder text = new StringBuilder();
        NAMES.forEach(name -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(totals.get(name)));
        return text.toString();
    }
}
