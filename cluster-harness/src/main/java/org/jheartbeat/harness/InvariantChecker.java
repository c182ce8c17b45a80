package org.jheartbeat.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Invariants 1 and 4, judged continuously: at every start (the instant it is recorded) and every
 * {@link #SAMPLE_PERIOD} in between, every pair of nodes that run the same group is looked at.
 * <ul>
 *   <li>A pair that began running a group together while connected broke invariant 1: a node started a
 *       group a connected node still ran.</li>
 *   <li>A pair that began apart (a partition, a freeze, a rogue key) may run the group together until they
 *       merge; once connected, one copy must be gone within {@code mergeBound} (invariant 4).</li>
 * </ul>
 * Two nodes are connected when no cut separates them and each has the other in its membership.
 */
final class InvariantChecker implements AutoCloseable {

    static final Duration SAMPLE_PERIOD = Duration.ofMillis(5);

    private final World world;
    private final BiPredicate<String, String> connected;
    private final Duration mergeBound;
    /** Every pair running a group together now, keyed "group a b" (a before b), with what was seen of it. */
    private final Map<String, Overlap> overlaps = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "invariant-checker");
        thread.setDaemon(true);
        return thread;
    });

    /** When a pair was last seen connected while both ran the group (0: not since they were last apart). */
    private static final class Overlap {
        long connectedSinceNanos;
        boolean reported;
    }

    InvariantChecker(World world, BiPredicate<String, String> connected, Duration mergeBound) {
        this.world = world;
        this.connected = connected;
        this.mergeBound = mergeBound;
        world.listen((node, group) -> sample());
        long period = SAMPLE_PERIOD.toNanos();
        sampler.scheduleAtFixedRate(this::sample, period, period, TimeUnit.NANOSECONDS);
    }

    synchronized void sample() {
        long now = System.nanoTime();
        Map<String, Set<String>> running = world.running();
        Set<String> current = new TreeSet<>();
        running.forEach((group, nodes) -> {
            List<String> sorted = new ArrayList<>(new TreeSet<>(nodes));
            for (int i = 0; i < sorted.size(); i++) {
                for (int j = i + 1; j < sorted.size(); j++) {
                    String a = sorted.get(i);
                    String b = sorted.get(j);
                    String key = group + " " + a + " " + b;
                    current.add(key);
                    judge(key, group, a, b, now);
                }
            }
        });
        overlaps.keySet().retainAll(current);
    }

    private void judge(String key, String group, String a, String b, long now) {
        boolean together = connected.test(a, b);
        Overlap overlap = overlaps.get(key);
        if (overlap == null) {
            overlap = new Overlap();
            overlaps.put(key, overlap);
            if (together) {
                overlap.reported = true;
                violations.add(group + " started on one of " + a + " and " + b + " while the other, connected to it, "
                        + "ran it");
                return;
            }
        }
        if (!together) {
            overlap.connectedSinceNanos = 0;
        } else if (overlap.connectedSinceNanos == 0) {
            overlap.connectedSinceNanos = now;
        } else if (!overlap.reported && now - overlap.connectedSinceNanos > mergeBound.toNanos()) {
            overlap.reported = true;
            violations.add(group + " still ran on both " + a + " and " + b + " " + mergeBound.toMillis()
                    + " ms after they were connected again");
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
