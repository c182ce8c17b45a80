package org.jheartbeat.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated nodes' {@link WorldResource}s really do, seen from outside: which node runs which group
 * right now, when each start happened, which re-announcements were made, and the failures a test injects.
 * A powered-off node runs nothing, and nothing its agent still does while it shuts down is seen.
 */
public final class World {

    /** Told of every start, after it is recorded; the invariant checker judges it at that instant. */
    interface StartListener {
        void started(String node, String group);
    }

    /** A node's resource told the network again that the group runs there, while {@code runners} ran it. */
    public record Announcement(String node, String group, Set<String> runners) {
    }

    /** An operation a test makes fail on one node. */
    public enum Failure { START, STOP, STATUS }

    private final Map<String, Set<String>> running = new HashMap<>();
    private final Map<String, Long> lastStartNanos = new HashMap<>();
    private final List<Announcement> announcements = new ArrayList<>();
    private final Set<String> poweredOff = new HashSet<>();
    private final Set<String> failures = new HashSet<>();
    private final Map<String, Duration> stopTimes = new HashMap<>();
    private volatile StartListener listener = (node, group) -> { };

    void listen(StartListener startListener) {
        this.listener = startListener;
    }

    /** Makes {@code operation} of {@code group}'s World resource on {@code node} fail (or succeed again). */
    public synchronized void fail(String node, String group, Failure operation, boolean failing) {
        String key = node + " " + group + " " + operation;
        if (failing) {
            failures.add(key);
        } else {
            failures.remove(key);
        }
    }

    /** Makes each stop of {@code group}'s World resource on {@code node} take {@code time} before it acts. */
    public synchronized void stopTakes(String node, String group, Duration time) {
        stopTimes.put(node + " " + group, time);
    }

    synchronized Duration stopTime(String node, String group) {
        return stopTimes.getOrDefault(node + " " + group, Duration.ZERO);
    }

    synchronized boolean failing(String node, String group, Failure operation) {
        return failures.contains(node + " " + group + " " + operation);
    }

    void started(String node, String group) {
        synchronized (this) {
            if (poweredOff.contains(node)) {
                return;
            }
            running.computeIfAbsent(group, g -> new HashSet<>()).add(node);
            lastStartNanos.put(node + " " + group, System.nanoTime());
        }
        listener.started(node, group);
    }

    synchronized void stopped(String node, String group) {
        running.getOrDefault(group, new HashSet<>()).remove(node);
    }

    synchronized void announced(String node, String group) {
        if (!poweredOff.contains(node)) {
            announcements.add(new Announcement(node, group, runners(group)));
        }
    }

    /** The node loses power: it runs nothing any more, and what its agent does from now on has no effect. */
    synchronized void poweredOff(String node) {
        poweredOff.add(node);
        running.values().forEach(holders -> holders.remove(node));
    }

    /** Whether the machine has power: a resource's status on a machine without it says stopped. */
    synchronized boolean hasPower(String node) {
        return !poweredOff.contains(node);
    }

    synchronized void poweredOn(String node) {
        poweredOff.remove(node);
    }

    /** When {@code node} last started {@code group}, in {@link System#nanoTime()}; -1 if it never did. */
    public synchronized long lastStart(String node, String group) {
        return lastStartNanos.getOrDefault(node + " " + group, -1L);
    }

    public synchronized List<Announcement> announcements() {
        return List.copyOf(announcements);
    }

    public synchronized Set<String> runners(String group) {
        return Set.copyOf(running.getOrDefault(group, Set.of()));
    }

    /** Every group that runs anywhere, with the nodes that run it. */
    synchronized Map<String, Set<String>> running() {
        Map<String, Set<String>> copy = new HashMap<>();
        running.forEach((group, nodes) -> {
            if (!nodes.isEmpty()) {
                copy.put(group, Set.copyOf(nodes));
            }
        });
        return copy;
    }
}
