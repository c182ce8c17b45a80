package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fault lab's invariants, watched from outside the agents every {@link #INTERVAL}: each powered-on node's
 * addresses ({@code ip -j addr} in its namespace), its mount table, and the calls log the groups' scripts write;
 * never what an agent reports. A group's pieces are its address, its filesystem's mount (the first group) and its
 * script instance (running from a start's beginning until a stop ended well, or until the node lost power).
 *
 * <p>Checked: no group has a piece on two nodes; a start never begins while another node still runs that script
 * instance; no group's script starts while the haresources of a node whose agent runs does not name the group (the
 * lab rewrites the files, {@link #configure}); no agent the lab did not stop is gone; no node fenced or powered off
 * unless a step made that legitimate.
 * A node under a fault (cut off, frozen, its agent killed) is excused: its own copies are tolerated from the fault
 * until {@link #EXCUSE_AFTER_RECOVERY} after the lab undid it, never the copies of the others.
 */
final class OutsideView implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMillis(75);
    /** How long a node's copies stay tolerated after its fault was undone: a merge and a stop's time. */
    static final Duration EXCUSE_AFTER_RECOVERY = Duration.ofSeconds(10);
    static final String LAB_POWER_OFF = "fault-lab";

    /** A group as the lab sees it: its address, where its filesystem is mounted (or null), its script instance. */
    record Group(int index, String address, Path mount, String script) {

        String name() {
            return "g" + index;
        }
    }

    /** A broken invariant: when (nanoTime), during which step, what. */
    record Violation(long at, int step, String what) {
    }

    private final ClusterLab cluster;
    private final SiteLab site;
    private final List<Group> groups;
    /** Per node, the groups its haresources names as the lab last wrote it. */
    private final Map<String, Set<String>> configured = new HashMap<>();
    private final Map<String, Set<String>> scripts = new HashMap<>();
    private final Map<String, Long> excusedUntil = new HashMap<>();
    private final Set<String> agentsExpected = new HashSet<>();
    private final Set<String> poweredOn = new HashSet<>();
    private final Set<String> fencingAllowed = new HashSet<>();
    private final Map<String, Integer> fencingSeen = new HashMap<>();
    /** Groups the last look found on two nodes, and those reported as such (until they are on one again). */
    private final Set<String> seenDoubled = new HashSet<>();
    private final Set<String> doubled = new HashSet<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean open = true;
    private Map<String, Map<String, Set<String>>> holders = Map.of();
    /** When (nanoTime) the look that found {@link #holders} began; long before the view was made at first. */
    private long holdersSince = System.nanoTime() - Duration.ofDays(1).toNanos();
    private long callsOffset;
    private int step;
    private int samples;

    /**
     * @param groups     every group the lab may configure
     * @param configured the groups every node's haresources names at first
     */
    OutsideView(ClusterLab cluster, SiteLab site, List<Group> groups, Set<String> configured) {
        this.cluster = cluster;
        this.site = site;
        this.groups = List.copyOf(groups);
        cluster.nodes().forEach(node -> this.configured.put(node.name(), Set.copyOf(configured)));
        this.sampler = new Thread(this::loop, "outside-view");
        sampler.setDaemon(true);
        sampler.start();
    }

    synchronized void step(int number) {
        step = number;
    }

    /** The lab powered the node on and its agent runs: from now on it must stay up and its agent running. */
    synchronized void nodeUp(String node) {
        poweredOn.add(node);
        agentsExpected.add(node);
    }

    /** The lab is about to power the node off. */
    synchronized void nodeDown(String node) {
        poweredOn.remove(node);
        agentsExpected.remove(node);
    }

    /** The lab is about to stop or kill the node's agent. */
    synchronized void agentGone(String node) {
        agentsExpected.remove(node);
    }

    synchronized void agentBack(String node) {
        agentsExpected.add(node);
    }

    /** The node is under a fault: its own copies are tolerated until {@link #recovered}. */
    synchronized void excuse(String node) {
        excusedUntil.put(node, Long.MAX_VALUE);
    }

    /** The lab undid the node's fault: its copies stay tolerated for {@link #EXCUSE_AFTER_RECOVERY}. */
    synchronized void recovered(String node) {
        excusedUntil.put(node, System.nanoTime() + EXCUSE_AFTER_RECOVERY.toNanos());
    }

    /** The lab rewrote the node's haresources: it names {@code names} (groups' {@link Group#name()}) from now on. */
    synchronized void configure(String node, Set<String> names) {
        configured.put(node, Set.copyOf(names));
    }

    /** The groups every node's haresources names. */
    synchronized List<Group> configuredEverywhere() {
        return groups.stream().filter(group -> configured.values().stream().allMatch(names ->
                names.contains(group.name()))).toList();
    }

    /** The node may fence itself (a step that legitimately makes one of its stops fail). */
    synchronized void allowFencing(String node, boolean allowed) {
        if (allowed) {
            fencingAllowed.add(node);
        } else {
            fencingAllowed.remove(node);
        }
    }

    synchronized int samples() {
        return samples;
    }

    synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    /**
     * {@link #placement()} as a look begun at or after {@code nanoTime} found it; empty until such a look ended. A look
     * takes a while (each node's addresses and mounts, the calls log), so the last one may have begun before what a
     * step just did (a standby's stop, say) and still show the groups where they were.
     */
    synchronized Optional<Map<String, String>> placementSince(long nanoTime) {
        return lookedSince(nanoTime) ? placement() : Optional.empty();
    }

    /** Whether a look begun at or after {@code nanoTime} has ended. */
    synchronized boolean lookedSince(long nanoTime) {
        return holdersSince - nanoTime >= 0;
    }

    /**
     * Where every group runs when each group every node's haresources names runs whole on exactly one node whose agent
     * runs, no piece of it runs anywhere else, and no piece of a group no haresources names runs anywhere; empty
     * otherwise (and while the nodes' files differ).
     */
    synchronized Optional<Map<String, String>> placement() {
        Map<String, String> placed = new TreeMap<>();
        List<Group> everywhere = configuredEverywhere();
        for (Group group : groups) {
            Map<String, Set<String>> on = holders.getOrDefault(group.name(), Map.of());
            if (!everywhere.contains(group)) {
                if (!on.isEmpty() || configured.values().stream().anyMatch(names -> names.contains(group.name()))) {
                    return Optional.empty();
                }
                continue;
            }
            if (on.size() != 1) {
                return Optional.empty();
            }
            Map.Entry<String, Set<String>> only = on.entrySet().iterator().next();
            if (only.getValue().size() != pieces(group) || !agentsExpected.contains(only.getKey())
                    || cluster.node(only.getKey()).agent().isEmpty()) {
                return Optional.empty();
            }
            placed.put(group.name(), only.getKey());
        }
        return Optional.of(placed);
    }

    /** Per group, which node holds which pieces, as last sampled. */
    synchronized Map<String, Map<String, Set<String>>> holders() {
        return holders;
    }

    private static int pieces(Group group) {
        return group.mount() == null ? 2 : 3;
    }

    private void loop() {
        while (open) {
            try {
                sample();
            } catch (RuntimeException e) {
                // A look that failed (a tool overran its timeout on a loaded machine, a node lost power while
                // read) proves nothing either way; the next one comes in INTERVAL.
                System.out.println("[fault-lab] sample failed: " + e.getMessage());
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long began = System.nanoTime();
        Set<String> expected;
        synchronized (this) {
            expected = Set.copyOf(agentsExpected);
        }
        Map<String, Boolean> up = new LinkedHashMap<>();
        for (SimulatedNode node : cluster.nodes()) {
            up.put(node.name(), node.isUp());
        }
        // Power-off ends whatever ran: noticed before the calls are read, so a start elsewhere that came after it
        // never meets a copy that is gone.
        synchronized (this) {
            up.forEach((node, on) -> {
                if (!on) {
                    scripts.remove(node);
                }
            });
        }
        SiteLab.CallsTail tail = site.callsAfter(callsOffset);
        callsOffset = tail.next();
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        Map<String, List<String>> mounts = new LinkedHashMap<>();
        for (SimulatedNode node : cluster.nodes()) {
            if (up.get(node.name())) {
                addresses.put(node.name(), node.addresses());
                mounts.put(node.name(), node.mountPoints());
            }
        }
        synchronized (this) {
            samples++;
            long now = System.nanoTime();
            excusedUntil.values().removeIf(until -> until < now);
            tail.calls().forEach(this::follow);
            Map<String, Map<String, Set<String>>> seen = new LinkedHashMap<>();
            for (Group group : groups) {
                Map<String, Set<String>> on = new TreeMap<>();
                addresses.forEach((node, list) -> {
                    if (list.contains(group.address())) {
                        on.computeIfAbsent(node, n -> new HashSet<>()).add("address");
                    }
                });
                if (group.mount() != null) {
                    mounts.forEach((node, list) -> {
                        if (list.contains(group.mount().toString())) {
                            on.computeIfAbsent(node, n -> new HashSet<>()).add("mount");
                        }
                    });
                }
                scripts.forEach((node, running) -> {
                    if (running.contains(group.script()) && up.getOrDefault(node, false)) {
                        on.computeIfAbsent(node, n -> new HashSet<>()).add("script");
                    }
                });
                seen.put(group.name(), on);
                checkSingleOwner(group, on);
            }
            holders = seen;
            holdersSince = began;
            checkAgents(up, expected);
            checkFencing(up);
        }
    }

    private boolean excused(String node) {
        return excusedUntil.containsKey(node);
    }

    /**
     * A group on two nodes in two looks in a row is a violation: one look reads the nodes one after the other, so a
     * handover between two reads (the old holder read before its stop, the new one after its start, 20 ms apart)
     * shows the group on both. The order of the scripts' starts and stops is checked apart, from the calls log.
     */
    private void checkSingleOwner(Group group, Map<String, Set<String>> on) {
        List<String> owners = on.keySet().stream().filter(node -> !excused(node)).toList();
        if (owners.size() > 1) {
            if (!seenDoubled.add(group.name()) && doubled.add(group.name())) {
                violate("group " + group.name() + " runs on " + owners.size() + " nodes: " + on);
            }
        } else {
            seenDoubled.remove(group.name());
            doubled.remove(group.name());
        }
    }

    /** The calls log, in order: a start that begins while another node's copy has not stopped breaks the order. */
    private void follow(SiteCall call) {
        Set<String> running = scripts.computeIfAbsent(call.node(), node -> new HashSet<>());
        switch (call.action()) {
            case "start" -> {
                if (!call.ended()) {
                    checkKnown(call);
                    scripts.forEach((node, instances) -> {
                        if (!node.equals(call.node()) && instances.contains(call.script()) && !excused(node)
                                && !excused(call.node())) {
                            violate(call.script() + " started on " + call.node() + " while " + node
                                    + " had not stopped it (its stop never ended well)");
                        }
                    });
                    running.add(call.script());
                } else if (!call.succeeded()) {
                    running.remove(call.script());
                }
            }
            case "stop" -> {
                if (call.succeeded()) {
                    running.remove(call.script());
                }
            }
            default -> {
                // status calls change nothing.
            }
        }
    }

    /** A group's script starts only while every node whose agent runs names the group in its haresources. */
    private void checkKnown(SiteCall call) {
        groups.stream().filter(group -> group.script().equals(call.script())).findFirst().ifPresent(group -> {
            List<String> unaware = agentsExpected.stream().filter(node -> !configured.getOrDefault(node, Set.of())
                    .contains(group.name())).sorted().toList();
            if (!unaware.isEmpty()) {
                violate(call.script() + " started on " + call.node() + " while the haresources of " + unaware
                        + " does not name group " + group.name());
            }
        });
    }

    /** Only nodes expected up since before the sample began: one the lab powered on meanwhile was seen off. */
    private void checkAgents(Map<String, Boolean> up, Set<String> expected) {
        for (String node : agentsExpected.stream().filter(expected::contains).toList()) {
            if (!up.get(node)) {
                if (!fencingAllowed.contains(node)) {
                    violate("node " + node + " lost power without a step doing it");
                }
                agentsExpected.remove(node);
                poweredOn.remove(node);
            } else if (cluster.node(node).agent().isEmpty() && !fencingAllowed.contains(node)) {
                // A power switch fencing the node ends its processes before the node is gone: no exit of its own.
                violate("the agent on " + node + " exited on its own:\n" + tail(node, 12));
                agentsExpected.remove(node);
            }
        }
    }

    private void checkFencing(Map<String, Boolean> up) {
        for (SimulatedNode node : cluster.nodes()) {
            List<String> fenced = new ArrayList<>();
            try {
                cluster.recordedFencing(node.name()).forEach(line -> fenced.add("recorded " + line));
                cluster.powerOffs(node.name()).stream().filter(line -> !line.contains(LAB_POWER_OFF))
                        .forEach(line -> fenced.add("powered off " + line));
            } catch (IOException e) {
                continue;
            }
            int known = fencingSeen.getOrDefault(node.name(), 0);
            if (fenced.size() > known) {
                fencingSeen.put(node.name(), fenced.size());
                if (!fencingAllowed.contains(node.name())) {
                    fenced.subList(known, fenced.size())
                            .forEach(line -> violate("node " + node.name() + " fenced without cause: " + line));
                }
            }
        }
    }

    private String tail(String node, int lines) {
        List<String> all = cluster.agentLogText(node).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** A broken invariant the lab itself found (a step that moved groups it must not move). */
    synchronized void report(String what) {
        violate(what);
    }

    private void violate(String what) {
        violations.add(new Violation(System.nanoTime(), step, what));
    }

    @Override
    public void close() {
        open = false;
        sampler.interrupt();
        try {
            sampler.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
