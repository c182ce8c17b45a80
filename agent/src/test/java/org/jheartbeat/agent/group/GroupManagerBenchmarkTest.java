package org.jheartbeat.agent.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import com.google.common.base.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptDirectories;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what the group manager costs per resource operation beyond the script's own run: the same group of
 * do-nothing LSB scripts started and stopped through the manager and by calling the agents directly, and a
 * group of in-memory agents that isolates the manager itself. Figures only; nothing here asserts a time. A
 * benchmark: {@code bash scripts/benchmark.sh junit}.
 */
@Tag("benchmark")
class GroupManagerBenchmarkTest {

    private static final int RESOURCES = 6;
    private static final int WARMUP_ROUNDS = 2;
    private static final int ROUNDS = 9;
    private static final int IN_MEMORY_ROUNDS = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    private final ProcessCommandRunner commands = new ProcessCommandRunner();
    private final RecordingFencer fencer = new RecordingFencer();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<GroupManager> managers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        managers.forEach(GroupManager::close);
        workers.shutdownNow();
    }

    @Test
    void printsTheManagersOverheadPerResourceOperation() throws Exception {
        List<Resource> agents = scriptAgents();
        GroupManager manager = manager(agents);

        // Interleaved round by round, so that load from elsewhere on the machine falls on all three alike.
        long[][] rounds = new long[3][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            long raw = timeRawCommands(agents);
            long direct = timeDirectCalls(agents);
            long managed = timeThroughManager(manager);
            if (round >= 0) {
                rounds[0][round] = raw;
                rounds[1][round] = direct;
                rounds[2][round] = managed;
            }
        }
        long direct = median(rounds[1]);
        long managed = median(rounds[2]);
        long inMemory = timeInMemory();

        int operations = 2 * RESOURCES;
        System.out.printf("group manager benchmark, %d LSB scripts doing nothing, median (min-max) of %d rounds,"
                + " in us per resource operation (a start with its status probe, or a stop):%n", RESOURCES, ROUNDS);
        print("scripts run directly", rounds[0], operations);
        print("agents called directly", rounds[1], operations);
        print("agents through the group manager", rounds[2], operations);
        System.out.printf("  %-34s %9.1f%n", "manager overhead beyond the script",
                (managed - direct) / 1000.0 / operations);
        System.out.printf("  %-34s %9.1f  (in-memory agents, %d rounds)%n", "manager alone",
                inMemory / 1000.0 / operations / IN_MEMORY_ROUNDS, IN_MEMORY_ROUNDS);
        assertThat(manager.snapshot().state()).isEqualTo(RunState.STOPPED);
        assertThat(fencer.fenced()).isFalse();
    }

    private long timeRawCommands(List<Resource> agents) {
        long startNanos = System.nanoTime();
        for (int i = 0; i < agents.size(); i++) {
            String script = temp.resolve("init.d/svc" + i).toString();
            commands.run(Command.of(TIMEOUT, script, "status"));
            commands.run(Command.of(TIMEOUT, script, "start"));
        }
        for (int i = agents.size() - 1; i >= 0; i--) {
            commands.run(Command.of(TIMEOUT, temp.resolve("init.d/svc" + i).toString(), "stop"));
        }
        return System.nanoTime() - startNanos;
    }

    private static long timeDirectCalls(List<Resource> agents) {
        long startNanos = System.nanoTime();
        for (Resource agent : agents) {
            requireSuccess(agent.start(TIMEOUT));
        }
        for (int i = agents.size() - 1; i >= 0; i--) {
            requireSuccess(agents.get(i).stop(TIMEOUT));
        }
        return System.nanoTime() - startNanos;
    }

    private static long timeThroughManager(GroupManager manager) {
        long startNanos = System.nanoTime();
        try {
            requireState(manager.start("benchmark").get(1, TimeUnit.MINUTES), RunState.STARTED);
            requireState(manager.stop("benchmark").get(1, TimeUnit.MINUTES), RunState.STOPPED);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - startNanos;
    }

    private long timeInMemory() {
        List<Resource> agents = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
            agents.add(new InstantAgent(ResourceSpec.parse("mem" + i)));
        }
        GroupManager manager = manager(agents);
        for (int round = 0; round < WARMUP_ROUNDS * 200; round++) {
            timeThroughManager(manager);
        }
        long total = 0;
        for (int round = 0; round < IN_MEMORY_ROUNDS; round++) {
            total += timeThroughManager(manager);
        }
        return total;
    }

    private static void print(String what, long[] times, int operations) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-34s %9.1f  (%.1f-%.1f)%n", what, median(times) / 1000.0 / operations,
                sorted[0] / 1000.0 / operations, sorted[sorted.length - 1] / 1000.0 / operations);
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private List<Resource> scriptAgents() throws Exception {
        ScriptDirectories directories = new ScriptDirectories(temp.resolve("resource.d"), temp.resolve("init.d"),
                temp.resolve("ocf"));
        Files.createDirectories(directories.initD());
        ResourceTypeResolver resolver = new ResourceTypeResolver(Map.of(), directories);
        ResourceContext context = new ResourceContext("node1", commands, new FakeHost(), new FakeNetwork(),
                fencer, ConfigFactory.empty());
        List<Resource> agents = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
            Path script = directories.initD().resolve("svc" + i);
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = status ] && exit 3\nexit 0\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            agents.add(resolver.create(ResourceSpec.parse("svc" + i), context));
        }
        return agents;
    }

    private GroupManager manager(List<Resource> agents) {
        GroupManager manager = new GroupManager(new GroupResources("bench" + managers.size(), "alpha", agents),
                new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(), new MonitorPolicy(false, TIMEOUT, 0, TIMEOUT),
                        StopRetryPolicy.DEFAULTS,
                        GroupPolicy.DEFAULT_OVERRUN_GRACE),
                new GroupRuntime(fencer, (group, reason) -> { }, Clock.systemUTC(), Ticker.systemTicker(), workers));
        managers.add(manager);
        return manager;
    }

    private static void requireSuccess(OperationResult result) {
        if (!result.isSuccess()) {
            throw new IllegalStateException("benchmark operation failed: " + result);
        }
    }

    private static void requireState(GroupSnapshot snapshot, RunState expected) {
        if (snapshot.state() != expected) {
            throw new IllegalStateException("benchmark group is " + snapshot.state() + ", expected " + expected);
        }
    }

    /** An agent whose operations cost nothing, so that what is measured is the manager. */
    private record InstantAgent(ResourceSpec spec) implements Resource {
        @Override
        public OperationResult start(Duration timeout) {
            return OperationResult.success();
        }

        @Override
        public OperationResult stop(Duration timeout) {
            return OperationResult.success();
        }

        @Override
        public OperationResult status(Duration timeout) {
            return OperationResult.success();
        }

        @Override
        public OperationResult validate(Duration timeout) {
            return OperationResult.success();
        }
    }
}
