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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.fencing.Fencers;
import org.jheartbeat.agent.fencing.FencingCause;
import org.jheartbeat.agent.fencing.FencingSettings;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptFixtures;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of real scripts, one of each convention, run as processes: the calls file shows what the node did,
 * in the order it did it.
 */
class GroupManagerScriptsIntegrationTest {

    private static final String WEB = "Web start | OCF_RESKEY_port=80 OCF_RESOURCE_INSTANCE=ocf_test_Web__port_80"
            + " OCF_RESOURCE_PROVIDER=test OCF_RESOURCE_TYPE=Web OCF_ROOT=";

    @TempDir
    Path temp;
    private ScriptFixtures scripts;
    private final ProcessCommandRunner commands = new ProcessCommandRunner();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<String> releases = new ArrayList<>();
    private GroupManager manager;

    @BeforeEach
    void setUp() {
        scripts = new ScriptFixtures(temp);
        scripts.resourceD("webdata");
        scripts.initD("nfs-kernel-server");
        scripts.ocf("Web");
    }

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
        workers.shutdownNow();
    }

    @Test
    void startsEachKindOfScriptInOrderAndStopsThemInReverse() throws Exception {
        manager = group(new RecordingFencer(), GroupPolicy.DEFAULTS);

        GroupSnapshot started = await(manager.start("takeover"));
        GroupSnapshot stopped = await(manager.stop("standby"));

        String web = WEB + scripts.directories().ocfRoot();
        assertThat(scripts.calls()).containsExactly(
                "webdata /srv/www status",
                "webdata /srv/www start",
                "nfs-kernel-server status",
                "nfs-kernel-server start",
                web,
                web.replace("Web start", "Web stop"),
                "nfs-kernel-server stop",
                "webdata /srv/www stop");
        assertThat(started.state()).isEqualTo(RunState.STARTED);
        assertThat(stopped.state()).isEqualTo(RunState.STOPPED);
        assertThat(scripts.running("webdata") || scripts.running("nfs-kernel-server") || scripts.running("Web"))
                .isFalse();
    }

    @Test
    void failingStartIsRolledBackAndTheGroupReleased() throws Exception {
        scripts.makeFail("nfs-kernel-server", "start", 1);
        manager = group(new RecordingFencer(), GroupPolicy.DEFAULTS);

        GroupSnapshot snapshot = await(manager.start("takeover"));

        assertThat(scripts.calls()).containsExactly(
                "webdata /srv/www status",
                "webdata /srv/www start",
                "nfs-kernel-server status",
                "nfs-kernel-server start",
                "nfs-kernel-server stop",
                "webdata /srv/www stop");
        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        assertThat(releases).singleElement().asString().contains("nfs-kernel-server: start failed on purpose");
        assertThat(scripts.running("webdata")).isFalse();
    }

    @Test
    void hangingStopRunsTheFencingCommandWithTheReason() throws Exception {
        Path fenced = temp.resolve("fenced");
        Path fenceScript = temp.resolve("fence-node");
        Files.writeString(fenceScript, "#!/bin/sh\necho \"$1\" > '" + fenced + "'\n");
        Files.setPosixFilePermissions(fenceScript, PosixFilePermissions.fromString("rwx------"));
        Duration shortStop = Duration.ofMillis(500);
        GroupPolicy policy = new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of("nfs-kernel-server",
                new OperationTimeouts(Duration.ofSeconds(10), shortStop, Duration.ofSeconds(10))),
                MonitorPolicy.DEFAULTS, StopRetryPolicy.DEFAULTS, Duration.ofSeconds(5));
        manager = group(Fencers.create(FencingSettings.command(fenceScript.toString()), FencingCause.FAILED_STOP,
                commands), policy);
        await(manager.start("takeover"));
        scripts.makeHang("nfs-kernel-server", "stop");

        GroupSnapshot snapshot = await(manager.stop("standby"));

        assertThat(snapshot.state()).as("the fencing command returned").isEqualTo(RunState.BLOCKED);
        assertThat(Files.readString(fenced)).startsWith(
                "stop of nfs-kernel-server in group nfs failed: TIMED_OUT: ")
                .contains("; its status still says running");
        assertThat(scripts.running("webdata")).as("nothing is stopped after a failed stop").isTrue();
    }

    @Test
    void heartbeatScriptsStopIsWaitedForPastEveryDefaultTimeoutAsHeartbeatWaits() throws Exception {
        Duration tight = Duration.ofSeconds(1);
        RecordingFencer fencer = new RecordingFencer();
        manager = group(fencer, new GroupPolicy(new OperationTimeouts(tight, tight, tight), Map.of(),
                MonitorPolicy.DEFAULTS, StopRetryPolicy.DEFAULTS, tight));
        await(manager.start("takeover"));
        scripts.makeSlow("webdata", "stop", 3);
        scripts.makeSlow("nfs-kernel-server", "start", 3);

        GroupSnapshot stopped = await(manager.stop("standby"));
        GroupSnapshot started = await(manager.start("takeover"));

        assertThat(fencer.reasons()).isEmpty();
        assertThat(stopped.state()).isEqualTo(RunState.STOPPED);
        assertThat(started.state()).isEqualTo(RunState.STARTED);
    }

    @Test
    void heartbeatScriptsAreLeftAloneByTheMonitorAsHeartbeatLeavesThem() throws Exception {
        manager = group(new RecordingFencer(), GroupPolicy.DEFAULTS);
        await(manager.start("takeover"));
        scripts.crash("nfs-kernel-server");
        scripts.clearCalls();

        GroupSnapshot snapshot = await(manager.monitorNow());

        assertThat(scripts.calls()).extracting(call -> call.split(" \\| ")[0]).containsExactly("Web monitor");
        assertThat(snapshot.state()).isEqualTo(RunState.STARTED);
        assertThat(snapshot.restarts()).isZero();
    }

    @Test
    void crashedServiceTheSiteWantsWatchedIsRestartedWithTheResourcesAfterIt() throws Exception {
        MonitorPolicy watchScripts = new MonitorPolicy(true, Duration.ofSeconds(10), 3, Duration.ofHours(1),
                Set.of("webdata", "nfs-kernel-server"));
        manager = group(new RecordingFencer(), new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(), watchScripts,
                StopRetryPolicy.DEFAULTS, GroupPolicy.DEFAULT_OVERRUN_GRACE));
        await(manager.start("takeover"));
        scripts.crash("nfs-kernel-server");
        scripts.clearCalls();

        GroupSnapshot snapshot = await(manager.monitorNow());

        assertThat(scripts.calls()).extracting(call -> call.split(" \\| ")[0]).containsExactly(
                "webdata /srv/www status",
                "nfs-kernel-server status",
                "Web stop",
                "nfs-kernel-server stop",
                "nfs-kernel-server status",
                "nfs-kernel-server start",
                "Web start");
        assertThat(snapshot.state()).isEqualTo(RunState.STARTED);
        assertThat(snapshot.restarts()).isEqualTo(1);
        assertThat(snapshot.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.resource()).isEqualTo("nfs-kernel-server");
            assertThat(failure.reason()).contains("nfs-kernel-server is not running");
        });
    }

    private GroupManager group(Fencer fencer, GroupPolicy policy) throws Exception {
        ResourceTypeResolver resolver = new ResourceTypeResolver(Map.of(), scripts.directories());
        ResourceContext context = new ResourceContext("node1", commands, new FakeHost(), new FakeNetwork(),
                fencer, ConfigFactory.empty());
        List<Resource> agents = new ArrayList<>();
        for (String token : List.of("webdata::/srv/www", "nfs-kernel-server", "ocf:test:Web::port=80")) {
            agents.add(resolver.create(ResourceSpec.parse(token), context));
        }
        GroupListener listener = (group, reason) -> {
            synchronized (releases) {
                releases.add(group + ": " + reason);
            }
        };
        return new GroupManager(new GroupResources("nfs", "alpha", agents), policy,
                new GroupRuntime(fencer, listener, Clock.systemUTC(), Ticker.systemTicker(), workers));
    }

    private static GroupSnapshot await(CompletableFuture<GroupSnapshot> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
