package org.jheartbeat.agent.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;

/**
 * Whatever fails and however often: a resource starts only when all before it run, stops only when none after
 * it runs, the node ends with nothing running unless it is being fenced, and it is fenced exactly when a stop
 * keeps failing beyond its retries and the resource's status still says running (heartbeat's rule). A resource
 * whose start failed counts as half started: running until stopped.
 */
class GroupManagerPropertiesTest {

    private static final int RETRIES = 2;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool();

    /** How one resource behaves: whether its start works, and how many stops fail before one works. */
    record Behaviour(boolean startWorks, int failingStops) {
    }

    @AfterContainer
    static void shutDown() {
        WORKERS.shutdownNow();
    }

    @Property(tries = 300)
    void startAndStopKeepTheOrderAndLeaveNothingRunning(@ForAll("groups") List<Behaviour> behaviours)
            throws Exception {
        List<String> events = new ArrayList<>();
        List<ModelAgent> agents = new ArrayList<>();
        for (int i = 0; i < behaviours.size(); i++) {
            agents.add(new ModelAgent(i, behaviours.get(i), agents, events));
        }
        Fencer fencer = reason -> record(events, "fence");
        List<String> releases = new ArrayList<>();
        GroupListener listener = (group, reason) -> record(releases, reason);
        GroupPolicy policy = new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(),
                new MonitorPolicy(false, Duration.ofSeconds(10), 0, Duration.ofHours(1)),
                new StopRetryPolicy(RETRIES, Duration.ZERO), GroupPolicy.DEFAULT_OVERRUN_GRACE);
        try (GroupManager manager = new GroupManager(new GroupResources("g", "alpha", List.copyOf(agents)), policy,
                new GroupRuntime(fencer, listener, Clock.systemUTC(), Ticker.systemTicker(), WORKERS))) {
            GroupSnapshot started = manager.start("property").get(10, TimeUnit.SECONDS);
            GroupSnapshot stopped = manager.stop("property").get(10, TimeUnit.SECONDS);

            boolean fenced = events.contains("fence");
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).startsWith("status ")) {
                    String stop = "stop " + events.get(i).split(" ")[1];
                    assertThat(events.subList(Math.max(0, i - RETRIES - 1), i)).as("status asked only after a stop"
                            + " failed beyond its retries: %s", events).hasSize(RETRIES + 1).containsOnly(stop);
                }
            }
            // The stop command stops every resource, so a stop that keeps failing is always met.
            assertThat(events.stream().anyMatch(event -> event.startsWith("status "))).as("status asked when a"
                    + " stop fails beyond its retries: %s", events)
                    .isEqualTo(behaviours.stream().anyMatch(behaviour -> behaviour.failingStops() > RETRIES));
            assertThat(fenced).as("fenced exactly when a stop fails beyond its retries and the status still says"
                    + " running: %s", events).isEqualTo(events.stream().anyMatch(event -> event.startsWith("status ")
                    && event.endsWith(" running")));
            assertThat(events.indexOf("fence")).as("nothing happens after fencing: %s", events)
                    .isIn(-1, events.size() - 1);
            assertThat(agents.stream().filter(agent -> agent.violation != null).map(agent -> agent.violation))
                    .as("order violations in %s", events).isEmpty();
            if (!fenced) {
                assertThat(agents).as("still running after %s", events).noneMatch(agent -> agent.running);
                assertThat(stopped.state()).isEqualTo(RunState.STOPPED);
            } else {
                assertThat(stopped.state()).as("the test's fencer returns").isEqualTo(RunState.BLOCKED);
            }
            boolean startFailed = behaviours.stream().anyMatch(behaviour -> !behaviour.startWorks());
            if (startFailed) {
                assertThat(started.state()).isIn(RunState.FAILED, RunState.BLOCKED);
            } else {
                assertThat(started.state()).isEqualTo(RunState.STARTED);
            }
            assertThat(releases).as("released once when the start failed and was rolled back")
                    .hasSize(started.state() == RunState.FAILED ? 1 : 0);
        }
    }

    @Provide
    Arbitrary<List<Behaviour>> groups() {
        Arbitrary<Behaviour> behaviour = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, Arbitraries.just(true)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(false))),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(0)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, RETRIES)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(RETRIES + 1, RETRIES + 3))))
                .as(Behaviour::new);
        return behaviour.list().ofMinSize(1).ofMaxSize(6);
    }

    private static void record(List<String> log, String event) {
        synchronized (log) {
            log.add(event);
        }
    }

    /** A resource that checks the order it is driven in against the others of its group. */
    private static final class ModelAgent implements Resource {
        private final int index;
        private final Behaviour behaviour;
        private final List<ModelAgent> group;
        private final List<String> events;
        volatile boolean running;
        volatile int stopFailuresLeft;
        volatile String violation;

        ModelAgent(int index, Behaviour behaviour, List<ModelAgent> group, List<String> events) {
            this.index = index;
            this.behaviour = behaviour;
            this.group = group;
            this.events = events;
            this.stopFailuresLeft = behaviour.failingStops();
        }

        @Override
        public ResourceSpec spec() {
            return ResourceSpec.parse("r" + index);
        }

        @Override
        public OperationResult start(Duration timeout) {
            record(events, "start " + index);
            if (group.subList(0, index).stream().anyMatch(before -> !before.running)) {
                violation = "r" + index + " started while one before it was not running";
            }
            running = true;
            return behaviour.startWorks() ? OperationResult.success() : OperationResult.failed("start fails");
        }

        @Override
        public OperationResult stop(Duration timeout) {
            record(events, "stop " + index);
            if (group.subList(index + 1, group.size()).stream().anyMatch(after -> after.running)) {
                violation = "r" + index + " stopped while one after it was running";
            }
            if (stopFailuresLeft > 0) {
                stopFailuresLeft--;
                return OperationResult.failed("stop fails");
            }
            running = false;
            return OperationResult.success();
        }

        /** Asked only after a stop failed beyond its retries (monitoring is off): the manager's fencing rule. */
        @Override
        public OperationResult status(Duration timeout) {
            record(events, "status " + index + (running ? " running" : " stopped"));
            return running ? OperationResult.success() : OperationResult.notRunning("stopped");
        }

        @Override
        public OperationResult validate(Duration timeout) {
            return OperationResult.success();
        }
    }
}
