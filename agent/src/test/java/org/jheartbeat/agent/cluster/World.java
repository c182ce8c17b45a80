package org.jheartbeat.agent.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * What the simulated nodes' resources really do, seen from outside: which node runs which group right now.
 * Every start is checked against invariant 1 at the instant it happens: no node may start a group that a
 * node it is connected to (in one view with it, no cut between them) still runs.
 */
final class World {

    private final Map<String, Set<String>> running = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Long> lastStartNanos = new HashMap<>();
    private final List<Announcement> announcements = new ArrayList<>();
    private final BiPredicate<String, String> connected;

    /** @param connected whether two nodes can currently talk (the harness's partitions) */
    World(BiPredicate<String, String> connected) {
        this.connected = connected;
    }

    synchronized void started(String node, String group) {
        Set<String> holders = running.computeIfAbsent(group, g -> new HashSet<>());
        for (String other : holders) {
            if (!other.equals(node) && connected.test(node, other)) {
                violations.add(node + " started " + group + " while connected " + other + " ran it");
            }
        }
        holders.add(node);
        lastStartNanos.put(node + " " + group, System.nanoTime());
    }

    /** When {@code node} last started {@code group}, in {@link System#nanoTime()}. */
    synchronized long lastStart(String node, String group) {
        return lastStartNanos.getOrDefault(node + " " + group, -1L);
    }

    /** A node's resource told the network again that the group runs there, while {@code runners} ran it. */
    record Announcement(String node, String group, Set<String> runners) {
    }

    synchronized void announced(String node, String group) {
        announcements.add(new Announcement(node, group, runners(group)));
    }

    synchronized List<Announcement> announcements() {
        return List.copyOf(announcements);
    }

    synchronized void stopped(String node, String group) {
        running.getOrDefault(group, new HashSet<>()).remove(node);
    }

    /** A powered-off node runs nothing any more. */
    synchronized void poweredOff(String node) {
        running.values().forEach(holders -> holders.remove(node));
    }

    synchronized Set<String> runners(String group) {
        return Set.copyOf(running.getOrDefault(group, Set.of()));
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }
}
