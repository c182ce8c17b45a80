package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.agent.ownership.Topology;
import org.junit.jupiter.api.Test;

/**
 * A seeded random schedule of power losses, restarts, partitions, heals, standby and takeover requests over
 * three agents. Invariant 1 is checked at every start as it happens; at the end, once everything is back and
 * connected, every group must run on exactly one node. A failure prints the seed, and the same seed replays
 * the same schedule (the timing of the agents' reactions is the machine's own).
 */
class RandomScheduleTest {

    private static final long SEED = Long.getLong("jheartbeat.schedule.seed", 20261125L);
    private static final int STEPS = Integer.getInteger("jheartbeat.schedule.steps", 150);

    @Test
    void noGroupEverStartsTwiceAmongConnectedNodes() throws Exception {
        List<String> nodes = List.of("a", "b", "c");
        List<Topology.GroupSpec> groups = List.of(new Topology.GroupSpec("g1", "a"), new Topology.GroupSpec("g2", "b"),
                new Topology.GroupSpec("g3", "c"), new Topology.GroupSpec("g4", "a"));
        Random random = new Random(SEED);
        List<String> schedule = new ArrayList<>();
        try (TestCluster cluster = new TestCluster(nodes, groups, AutoFailback.ON, TestCluster.FAST).startAll()) {
            Set<String> off = new HashSet<>();
            for (int step = 0; step < STEPS; step++) {
                String node = nodes.get(random.nextInt(nodes.size()));
                int dice = random.nextInt(10);
                String event;
                if (dice == 0 && !off.contains(node) && off.size() < 2) {
                    cluster.powerOff(node);
                    off.add(node);
                    event = "power off " + node;
                } else if (dice == 1 && off.contains(node)) {
                    cluster.add(node).start();
                    off.remove(node);
                    event = "power on " + node;
                } else if (dice == 2) {
                    cluster.partition(Set.of(node));
                    event = "partition " + node;
                } else if (dice <= 4) {
                    cluster.heal();
                    event = "heal";
                } else if (dice <= 6 && !off.contains(node)) {
                    Scope scope = Scope.values()[random.nextInt(Scope.values().length)];
                    Request.Kind kind = random.nextBoolean() ? Request.Kind.STANDBY : Request.Kind.TAKEOVER;
                    cluster.node(node).cluster.request(kind, scope);
                    event = kind.name().toLowerCase() + " " + scope.word() + " on " + node;
                } else {
                    event = "wait";
                }
                schedule.add(step + ": " + event);
                Thread.sleep(50 + random.nextInt(400));
                assertThat(cluster.world.violations()).as("seed %d, schedule %s", SEED, schedule).isEmpty();
            }
            cluster.heal();
            for (String node : off) {
                cluster.add(node).start();
            }
            for (Topology.GroupSpec group : groups) {
                cluster.await(() -> cluster.world.runners(group.id()).size() == 1,
                        group.id() + " runs on exactly one node at the end (seed " + SEED + ")");
            }
            assertThat(cluster.world.violations()).as("seed %d, schedule %s", SEED, schedule).isEmpty();
            System.out.printf("[cluster] random schedule seed %d: %d steps, 0 violations%n", SEED, STEPS);
        }
    }
}
