package org.jheartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.harness.InJvmCluster;
import org.junit.jupiter.api.Test;

/**
 * A seeded random schedule of power losses, restarts, partitions, heals, standby and takeover requests over
 * three agents. The harness checks invariants 1 and 4 continuously; at the end, once everything is back and
 * connected, every group must run on exactly one node. A failure prints the seed, and the same seed replays
 * the same schedule (the timing of the agents' reactions is the machine's own).
 */
class RandomScheduleTest {

    private static final long SEED = Long.getLong("jheartbeat.schedule.seed", 20261125L);
    private static final int STEPS = Integer.getInteger("jheartbeat.schedule.steps", 150);

    @Test
    void noGroupEverRunsTwiceAmongConnectedNodes() throws Exception {
        List<String> nodes = List.of("a", "b", "c");
        List<String> groups = List.of("g1", "g2", "g3", "g4");
        Random random = new Random(SEED);
        List<String> schedule = new ArrayList<>();
        try (InJvmCluster cluster = InJvmCluster.builder().nodes("a", "b", "c").group("g1", "a").group("g2", "b")
                .group("g3", "c").group("g4", "a").startAll()) {
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
                    cluster.start(node);
                    off.remove(node);
                    event = "power on " + node;
                } else if (dice == 2) {
                    cluster.partition(node);
                    event = "partition " + node;
                } else if (dice <= 4) {
                    cluster.heal();
                    event = "heal";
                } else if (dice <= 6 && !off.contains(node)) {
                    Scope scope = Scope.values()[random.nextInt(Scope.values().length)];
                    Request.Kind kind = random.nextBoolean() ? Request.Kind.STANDBY : Request.Kind.TAKEOVER;
                    cluster.node(node).cluster().request(kind, scope);
                    event = kind.name().toLowerCase() + " " + scope.word() + " on " + node;
                } else {
                    event = "wait";
                }
                schedule.add(step + ": " + event);
                // The schedule's own pace: events land in every phase of the agents' reactions.
                Thread.sleep(50 + random.nextInt(400));
                assertThat(cluster.violations()).as("seed %d, schedule %s", SEED, schedule).isEmpty();
            }
            cluster.heal();
            for (String node : off) {
                cluster.start(node);
            }
            for (String group : groups) {
                cluster.awaitOwner(group);
            }
            assertThat(cluster.violations()).as("seed %d, schedule %s", SEED, schedule).isEmpty();
            System.out.printf("[cluster] random schedule seed %d: %d steps, 0 violations%n", SEED, STEPS);
        }
    }
}
