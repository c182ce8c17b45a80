package org.jheartbeat.agent.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.testsupport.ManualClock;
import org.jheartbeat.testsupport.RecordingFencer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class GroupManagerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final StopRetryPolicy TWO_QUICK_RETRIES = new StopRetryPolicy(2, Duration.ZERO);
    /** The default policy, with stop retries that do not pause the test. */
    private static final GroupPolicy QUICK_RETRIES = new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(),
            MonitorPolicy.DEFAULTS, TWO_QUICK_RETRIES, GroupPolicy.DEFAULT_OVERRUN_GRACE);

    private final RecordingFencer fencer = new RecordingFencer();
    private final RecordingListener listener = new RecordingListener();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ManualClock clock = new ManualClock(NOW);
    private final GroupRuntime runtime = new GroupRuntime(fencer, listener, clock, clock.ticker(), workers);
    private final List<GroupManager> managers = new ArrayList<>();

    private final Resource ip = healthy("IPaddr::10.0.0.10/24");
    private final Resource disk = healthy("drbddisk::r0");
    private final Resource fs = healthy("Filesystem::/dev/drbd0::/data::ext3");

    @AfterEach
    void shutDown() {
        managers.forEach(GroupManager::close);
        workers.shutdownNow();
    }

    @Test
    void startsInHaresourcesOrderAndStopsInReverse() throws Exception {
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);

        GroupSnapshot started = await(manager.start("takeover"));
        GroupSnapshot stopped = await(manager.stop("standby"));

        InOrder order = inOrder(ip, disk, fs);
        order.verify(ip).start(any());
        order.verify(disk).start(any());
        order.verify(fs).start(any());
        order.verify(fs).stop(any());
        order.verify(disk).stop(any());
        order.verify(ip).stop(any());
        assertThat(started.state()).isEqualTo(RunState.STARTED);
        assertThat(started.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STARTED);
        assertThat(stopped.state()).isEqualTo(RunState.STOPPED);
        assertThat(stopped.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        assertThat(fencer.fenced()).isFalse();
    }

    @Test
    void aGroupWhoseResourcesAllRunIsAdoptedWithoutAStartAndMonitored() throws Exception {
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);

        GroupSnapshot adopted = await(manager.adopt("restarted in place"));

        verify(ip, never()).start(any());
        verify(disk, never()).start(any());
        verify(fs, never()).start(any());
        assertThat(adopted.state()).isEqualTo(RunState.STARTED);
        assertThat(adopted.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STARTED);
        assertThat(adopted.failures()).isEmpty();
    }

    @Test
    void aGroupWithAResourceNotRunningIsStartedWhenAdopted() throws Exception {
        when(fs.status(any())).thenReturn(OperationResult.notRunning("not mounted"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);

        GroupSnapshot adopted = await(manager.adopt("found running at start"));

        verify(ip).start(any());
        verify(fs).start(any());
        assertThat(adopted.state()).isEqualTo(RunState.STARTED);
        assertThat(adopted.failures()).as("a status that says stopped is no failure").isEmpty();
    }

    @Test
    void aReloadStopsTheOldDefinitionFromItsFirstChangeAndTheNewOneStartsFromThere() throws Exception {
        GroupManager old = manager(QUICK_RETRIES, ip, disk, fs);
        await(old.start("takeover"));
        Resource nfs = healthy("nfs-kernel-server");
        GroupManager changed = manager("group1-new", QUICK_RETRIES, ip, disk, nfs);

        assertThat(old.stopFrom(2, "reload").get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        GroupSnapshot resumed = await(changed.startAfter(2, "reload"));

        verify(fs).stop(any());
        verify(ip, never()).stop(any());
        verify(disk, never()).stop(any());
        verify(ip, times(1)).start(any());
        verify(disk, times(1)).start(any());
        verify(nfs).start(any());
        assertThat(old.snapshot().state()).isEqualTo(RunState.STOPPED);
        assertThat(resumed.state()).isEqualTo(RunState.STARTED);
        assertThat(resumed.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STARTED);
    }

    @Test
    void aReloadStopsNothingOfAGroupThatDoesNotRunHere() throws Exception {
        GroupManager old = manager(QUICK_RETRIES, ip, disk, fs);

        assertThat(old.stopFrom(1, "reload").get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();

        verify(disk, never()).stop(any());
        verify(fs, never()).stop(any());
    }

    @Test
    void announceAsksEveryResourceOfARunningGroupInOrderAndAFailureStopsNothing() throws Exception {
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);
        when(ip.announce(any())).thenReturn(OperationResult.failed("arping: no such device"));
        when(disk.announce(any())).thenReturn(OperationResult.success());
        when(fs.announce(any())).thenReturn(OperationResult.success());

        await(manager.announce("kept after a partition"));
        verify(ip, never()).announce(any());
        await(manager.start("takeover"));
        GroupSnapshot announced = await(manager.announce("kept after a partition"));

        InOrder order = inOrder(ip, disk, fs);
        order.verify(ip).announce(any());
        order.verify(disk).announce(any());
        order.verify(fs).announce(any());
        assertThat(announced.state()).isEqualTo(RunState.STARTED);
        assertThat(announced.failures()).extracting(FailureRecord::operation).containsExactly(ResourceOperation.ANNOUNCE);
        verify(ip, never()).stop(any());
    }

    @Test
    void cleanupForgetsTheFailuresAndAFailedGroupMayStartAgain() throws Exception {
        when(disk.start(any())).thenReturn(OperationResult.failed("drbdadm primary r0 exited 11"),
                OperationResult.success());
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);
        assertThat(await(manager.start("takeover")).state()).isEqualTo(RunState.FAILED);

        GroupSnapshot cleaned = await(manager.clearFailures());

        assertThat(cleaned.state()).isEqualTo(RunState.STOPPED);
        assertThat(cleaned.failures()).isEmpty();
        assertThat(await(manager.start("after cleanup")).state()).isEqualTo(RunState.STARTED);
    }

    @Test
    void failedStartStopsTheFailedResourceAndThoseBeforeItInReverseAndReleasesTheGroup() throws Exception {
        when(disk.start(any())).thenReturn(OperationResult.failed("drbdadm primary r0 exited 11"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);

        GroupSnapshot snapshot = await(manager.start("takeover"));

        InOrder order = inOrder(ip, disk, fs);
        order.verify(ip).start(any());
        order.verify(disk).start(any());
        order.verify(disk).stop(any());
        order.verify(ip).stop(any());
        verify(fs, never()).start(any());
        verify(fs, never()).stop(any());
        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        assertThat(snapshot.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        assertThat(listener.releases()).singleElement().asString()
                .contains("group1", "start of drbddisk::r0 failed", "drbdadm primary r0 exited 11");
        assertThat(snapshot.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.resource()).isEqualTo("drbddisk::r0");
            assertThat(failure.operation()).isEqualTo(ResourceOperation.START);
            assertThat(failure.outcome()).isEqualTo(OperationResult.Outcome.FAILED);
            assertThat(failure.time()).isEqualTo(NOW);
        });
        assertThat(fencer.fenced()).isFalse();
    }

    @Test
    void failedStopFencesTheNodeAndStopsNothingMore() throws Exception {
        when(disk.stop(any())).thenReturn(OperationResult.failed("drbdadm secondary r0: device is held open"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.stop("standby"));
        await(manager.start("takeover again"));

        verify(ip, never()).stop(any());
        verify(ip).start(any());
        verify(disk, times(3)).stop(any());
        assertThat(snapshot.state()).as("the recording fencer returns").isEqualTo(RunState.BLOCKED);
        assertThat(snapshot.resources()).extracting(ResourceSnapshot::state)
                .containsExactly(RunState.STARTED, RunState.BLOCKED, RunState.STOPPED);
        assertThat(fencer.reasons()).singleElement().asString()
                .contains("stop of drbddisk::r0 in group group1 failed", "device is held open")
                .endsWith("its status still says running");
        assertThat(manager.snapshot().state()).as("a group blocked after fencing takes no more commands")
                .isEqualTo(RunState.BLOCKED);
    }

    /**
     * heartbeat 3.0.6's ResourceManager (giveupresourcegroup): after a stop that kept failing it asks the resource's
     * status, and reboots only when that says running; otherwise it logs "Machine reboot narrowly avoided!" and stops
     * the rest of the group. e2e's missing-script recording shows that path on a real heartbeat.
     */
    @Test
    void aStopThatKeepsFailingOnAResourceWhoseStatusSaysStoppedFencesNothingAndTheRestStops() throws Exception {
        GroupSnapshot snapshot = stopFailingOnDiskWhoseStatusThenSays(OperationResult.notRunning("r0 Secondary"));

        assertThat(fencer.fenced()).isFalse();
        verify(disk, times(3)).stop(any());
        verify(ip).stop(any());
        assertThat(snapshot.state()).isEqualTo(RunState.STOPPED);
        assertThat(snapshot.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        assertThat(snapshot.failures()).extracting(FailureRecord::operation).containsOnly(ResourceOperation.STOP);
    }

    @Test
    void aStopThatKeepsFailingFencesWhenTheStatusCannotSayStopped() throws Exception {
        GroupSnapshot snapshot = stopFailingOnDiskWhoseStatusThenSays(OperationResult.failed("cannot read /proc/drbd"));

        assertThat(snapshot.state()).isEqualTo(RunState.BLOCKED);

        assertThat(fencer.reasons()).singleElement().asString().endsWith("its status does not say stopped: FAILED:"
                + " cannot read /proc/drbd");
        verify(ip, never()).stop(any());
    }

    /** The group runs; then the disk's stop fails every time, and its status answers {@code statusAfter}. */
    private GroupSnapshot stopFailingOnDiskWhoseStatusThenSays(OperationResult statusAfter) throws Exception {
        when(disk.stop(any())).thenReturn(OperationResult.failed("drbdadm secondary r0: exit 1"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);
        await(manager.start("takeover"));
        when(disk.status(any())).thenReturn(statusAfter);
        return await(manager.stop("standby"));
    }

    /**
     * A fencer that returns (a STONITH command that failed, a reboot the kernel refused) leaves the group BLOCKED: it
     * never counts as stopped, however often it is asked to start or stop, until a stop resumed when the blocked
     * resource says stopped (at shutdown) stops the rest.
     */
    @Test
    void aGroupWhoseFencingReturnedStaysBlockedUntilItsResourceSaysStoppedThenTheRestStops() throws Exception {
        GroupSnapshot blocked = stopFailingOnDiskWhoseStatusThenSays(OperationResult.success());
        GroupManager manager = managers.get(0);
        assertThat(blocked.state()).isEqualTo(RunState.BLOCKED);
        assertThat(blocked.reason()).contains("fencing returned with the node still up");

        assertThat(await(manager.stop("standby again")).state()).isEqualTo(RunState.BLOCKED);
        assertThat(await(manager.start("takeover")).state()).isEqualTo(RunState.BLOCKED);
        assertThat(await(manager.stopIfHeld("shutting down")).state()).as("its status still says running")
                .isEqualTo(RunState.BLOCKED);
        verify(ip, never()).stop(any());

        when(disk.status(any())).thenReturn(OperationResult.notRunning("r0 Secondary"));
        GroupSnapshot after = await(manager.stopIfHeld("shutting down"));

        assertThat(after.state()).isEqualTo(RunState.STOPPED);
        assertThat(after.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        verify(disk, times(3)).stop(any());
        verify(ip).stop(any());
        assertThat(fencer.reasons()).hasSize(1);
    }

    /**
     * {@code hbctl resource cleanup} of a BLOCKED group asks the status of the resource whose stop failed: while it
     * does not say stopped the cleanup is refused, saying why, and nothing changes; once it does, the rest of the
     * group is stopped, as at shutdown, and the failures are forgotten.
     */
    @Test
    void cleanupOfABlockedGroupIsRefusedUntilItsResourceSaysStoppedThenStopsTheRest() throws Exception {
        stopFailingOnDiskWhoseStatusThenSays(OperationResult.success());
        GroupManager manager = managers.get(0);

        assertThatThrownBy(() -> manager.clearFailures().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(GroupBlockedException.class)
                .hasMessageContainingAll("is blocked here and stays so", "the status of the resource whose stop "
                        + "failed says", "not stopped; stop it by hand, then clean up again");
        GroupSnapshot refused = manager.snapshot();
        assertThat(refused.state()).isEqualTo(RunState.BLOCKED);
        assertThat(refused.failures()).as("nothing forgotten").isNotEmpty();
        verify(ip, never()).stop(any());

        when(disk.status(any())).thenReturn(OperationResult.notRunning("r0 Secondary"));
        GroupSnapshot cleaned = await(manager.clearFailures());

        assertThat(cleaned.state()).isEqualTo(RunState.STOPPED);
        assertThat(cleaned.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        assertThat(cleaned.failures()).isEmpty();
        verify(ip).stop(any());
        assertThat(fencer.reasons()).hasSize(1);
    }

    /** heartbeat's retries (10, a second apart) and every time limit: what shutdown and systemd must wait for. */
    @Test
    void theStopBoundCoversEveryRetryItsPausesAndTheStatusAfter() {
        GroupPolicy policy = new GroupPolicy(new OperationTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30),
                Duration.ofSeconds(20)), Map.of(), MonitorPolicy.DEFAULTS, StopRetryPolicy.DEFAULTS,
                Duration.ofSeconds(5));
        GroupManager manager = manager(policy, ip, disk);

        Duration perResource = Duration.ofSeconds(35).multipliedBy(11).plus(Duration.ofSeconds(10))
                .plus(Duration.ofSeconds(25));
        assertThat(manager.stopBound()).isEqualTo(perResource.multipliedBy(2));
        assertThat(manager.stopIfHeldBound()).as("a monitor pass's restart may run before the stop")
                .isEqualTo(Duration.ofSeconds(25 + 65).multipliedBy(2).plus(perResource.multipliedBy(6)));
    }

    @Test
    void stopThatFailsOnlyForAMomentIsRetriedInsteadOfFencing() throws Exception {
        OperationResult busy = OperationResult.failed("umount: /data: target is busy");
        when(fs.stop(any())).thenReturn(busy, busy, OperationResult.success());
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.stop("standby"));

        assertThat(snapshot.state()).isEqualTo(RunState.STOPPED);
        verify(fs, times(3)).stop(any());
        assertThat(fencer.fenced()).isFalse();
        assertThat(snapshot.failures()).extracting(FailureRecord::operation)
                .containsExactly(ResourceOperation.STOP, ResourceOperation.STOP);
    }

    @Test
    void failedStopDuringRollbackFencesTheNodeInsteadOfReleasingTheGroup() throws Exception {
        when(fs.start(any())).thenReturn(OperationResult.failed("mount exited 32"));
        when(fs.stop(any())).thenReturn(OperationResult.failed("umount: /data: target is busy"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk, fs);

        GroupSnapshot snapshot = await(manager.start("takeover"));

        assertThat(snapshot.state()).isEqualTo(RunState.BLOCKED);
        assertThat(fencer.reasons()).singleElement().asString().contains("target is busy");
        assertThat(listener.releases()).as("a node on its way down must not invite a peer before it is gone")
                .isEmpty();
        verify(disk, never()).stop(any());
    }

    @Test
    void stopThatOverrunsItsTimeoutFencesTheNode() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        when(disk.stop(any())).thenAnswer(call -> {
            never.await();
            return OperationResult.success();
        });
        GroupManager manager = manager(shortTimeouts(MonitorPolicy.DEFAULTS), ip, disk);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.stop("standby"));

        assertThat(snapshot.state()).isEqualTo(RunState.BLOCKED);
        verify(disk).stop(any());
        assertThat(fencer.reasons()).singleElement().asString().contains("TIMED_OUT", "did not return within 50 ms");
        assertThat(snapshot.failures()).extracting(FailureRecord::outcome)
                .containsExactly(OperationResult.Outcome.TIMED_OUT);
    }

    @Test
    void startThatOverrunsItsTimeoutIsRolledBack() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        when(disk.start(any())).thenAnswer(call -> {
            never.await();
            return OperationResult.success();
        });
        GroupManager manager = manager(shortTimeouts(MonitorPolicy.DEFAULTS), ip, disk);

        GroupSnapshot snapshot = await(manager.start("takeover"));

        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        verify(disk).stop(any());
        verify(ip).stop(any());
        assertThat(listener.releases()).singleElement().asString().contains("TIMED_OUT");
    }

    @Test
    void agentThatThrowsCountsAsAFailedOperation() throws Exception {
        when(ip.start(any())).thenThrow(new IllegalStateException("bug in the plugin"));
        GroupManager manager = manager(QUICK_RETRIES, ip, disk);

        GroupSnapshot snapshot = await(manager.start("takeover"));

        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        assertThat(snapshot.failures()).singleElement().extracting(FailureRecord::reason).asString()
                .contains("bug in the plugin");
        verify(disk, never()).start(any());
    }

    @Test
    void failedStatusRestartsTheResourceAndThoseAfterItInOrder() throws Exception {
        when(disk.status(any())).thenReturn(OperationResult.notRunning("r0 is Secondary"), OperationResult.success());
        GroupManager manager = manager(manualMonitoring(2), ip, disk, fs);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.monitorNow());

        InOrder order = inOrder(ip, disk, fs);
        order.verify(ip).status(any());
        order.verify(disk).status(any());
        order.verify(fs).stop(any());
        order.verify(disk).stop(any());
        order.verify(disk).start(any());
        order.verify(fs).start(any());
        verify(ip, never()).stop(any());
        verify(fs, never()).status(any());
        assertThat(snapshot.state()).isEqualTo(RunState.STARTED);
        assertThat(snapshot.restarts()).isEqualTo(1);
        assertThat(snapshot.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.operation()).isEqualTo(ResourceOperation.STATUS);
            assertThat(failure.outcome()).isEqualTo(OperationResult.Outcome.NOT_RUNNING);
            assertThat(failure.reason()).isEqualTo("r0 is Secondary");
        });
        assertThat(listener.releases()).isEmpty();
    }

    @Test
    void resourceThatKeepsFailingIsReleasedForFailoverAfterItsRestarts() throws Exception {
        when(fs.status(any())).thenReturn(OperationResult.failed("/data is not mounted"));
        GroupManager manager = manager(manualMonitoring(1), ip, disk, fs);
        await(manager.start("takeover"));

        GroupSnapshot afterRestart = await(manager.monitorNow());
        GroupSnapshot released = await(manager.monitorNow());

        assertThat(afterRestart.state()).isEqualTo(RunState.STARTED);
        assertThat(afterRestart.restarts()).isEqualTo(1);
        assertThat(released.state()).isEqualTo(RunState.FAILED);
        assertThat(released.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        InOrder order = inOrder(ip, disk, fs);
        order.verify(fs).status(any());
        order.verify(fs).stop(any());
        order.verify(disk).stop(any());
        order.verify(ip).stop(any());
        assertThat(listener.releases()).singleElement().asString()
                .contains("group1", "/data is not mounted", "released for failover");
        assertThat(fencer.fenced()).isFalse();
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() throws Exception {
        restartOnceThenFailAgainAfter(() -> clock.advance(Duration.ofHours(1).plusSeconds(1)));
    }

    @Test
    void theRestartWindowIsElapsedTimeWhateverTheWallClockSays() throws Exception {
        restartOnceThenFailAgainAfter(() -> {
            clock.step(Duration.ofHours(-2));
            clock.advance(Duration.ofHours(1).plusSeconds(1));
        });
    }

    /** With at most one restart an hour: the second failure, after {@code later}, is restarted again. */
    private void restartOnceThenFailAgainAfter(Runnable later) throws Exception {
        OperationResult unmounted = OperationResult.failed("/data is not mounted");
        when(fs.status(any())).thenReturn(unmounted, unmounted, OperationResult.success());
        GroupManager manager = manager(manualMonitoring(1), ip, fs);
        await(manager.start("takeover"));
        await(manager.monitorNow());

        later.run();
        GroupSnapshot snapshot = await(manager.monitorNow());

        assertThat(snapshot.state()).isEqualTo(RunState.STARTED);
        assertThat(snapshot.restarts()).isEqualTo(1);
        assertThat(listener.releases()).isEmpty();
        verify(fs, times(3)).start(any());
    }

    @Test
    void misconfiguredResourceIsReleasedWithoutARestart() throws Exception {
        when(ip.status(any())).thenReturn(OperationResult.notInstalled("ip: command not found"));
        GroupManager manager = manager(manualMonitoring(3), ip, disk);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.monitorNow());

        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        assertThat(snapshot.restarts()).isZero();
        verify(ip).start(any());
        assertThat(listener.releases()).singleElement().asString().contains("a restart cannot help");
    }

    @Test
    void restartThatFailsToStartRollsTheWholeGroupBack() throws Exception {
        when(disk.status(any())).thenReturn(OperationResult.notRunning("r0 is Secondary"));
        when(disk.start(any())).thenReturn(OperationResult.success(), OperationResult.failed("peer is primary"));
        GroupManager manager = manager(manualMonitoring(3), ip, disk, fs);
        await(manager.start("takeover"));

        GroupSnapshot snapshot = await(manager.monitorNow());

        assertThat(snapshot.state()).isEqualTo(RunState.FAILED);
        assertThat(snapshot.resources()).extracting(ResourceSnapshot::state).containsOnly(RunState.STOPPED);
        verify(ip).stop(any());
        assertThat(listener.releases()).singleElement().asString().contains("peer is primary");
    }

    @Test
    void periodicMonitorFindsAFailureWithoutBeingAsked() throws Exception {
        when(fs.status(any())).thenReturn(OperationResult.success(), OperationResult.notRunning("unmounted"),
                OperationResult.success());
        GroupManager manager = manager(periodicMonitoring(Duration.ofMillis(20)), ip, fs);
        await(manager.start("takeover"));

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!restartedOnce(manager.snapshot()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        assertThat(manager.snapshot()).matches(GroupManagerTest::restartedOnce, "restarted once and running");
        verify(fs, org.mockito.Mockito.atLeast(2)).start(any());
    }

    @Test
    void stoppedGroupIsNoLongerMonitored() throws Exception {
        GroupManager manager = manager(periodicMonitoring(Duration.ofMillis(5)), ip);
        await(manager.start("takeover"));
        await(manager.stop("standby"));
        org.mockito.Mockito.clearInvocations(ip);

        await(manager.monitorNow());
        Thread.sleep(50); // ten monitor intervals: long enough for a leftover periodic check to show

        verify(ip, never()).status(any());
    }

    @Test
    void perTypeTimeoutsOverrideTheDefaults() throws Exception {
        OperationTimeouts filesystem = new OperationTimeouts(Duration.ofMinutes(30), Duration.ofMinutes(2),
                Duration.ofSeconds(40));
        GroupPolicy policy = new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of("Filesystem", filesystem),
                MonitorPolicy.DEFAULTS, TWO_QUICK_RETRIES, GroupPolicy.DEFAULT_OVERRUN_GRACE);
        GroupManager manager = manager(policy, ip, fs);

        await(manager.start("takeover"));

        verify(fs).start(Duration.ofMinutes(30));
        verify(ip).start(OperationTimeouts.DEFAULTS.start());
    }

    @Test
    void groupsProceedInParallel() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        when(disk.start(any())).thenAnswer(call -> {
            release.await();
            return OperationResult.success();
        });
        GroupManager slow = manager("slow", QUICK_RETRIES, disk);
        GroupManager fast = manager("fast", QUICK_RETRIES, ip);

        var slowStart = slow.start("takeover");
        GroupSnapshot fastStarted = await(fast.start("takeover"));

        assertThat(fastStarted.state()).isEqualTo(RunState.STARTED);
        assertThat(slowStart).isNotDone();
        release.countDown();
        assertThat(await(slowStart).state()).isEqualTo(RunState.STARTED);
    }

    @Test
    void everyTransitionIsPublished() throws Exception {
        GroupManager manager = manager(QUICK_RETRIES, ip, disk);

        await(manager.start("takeover"));

        assertThat(listener.groupStates()).containsExactly(RunState.STARTING, RunState.STARTED);
        assertThat(listener.resourceStatesOf("drbddisk::r0"))
                .containsExactly(RunState.STOPPED, RunState.STARTING, RunState.STARTED);
    }

    @Test
    void keepsOnlyTheMostRecentFailures() throws Exception {
        when(ip.start(any())).thenReturn(OperationResult.failed("no carrier"));
        GroupManager manager = manager(QUICK_RETRIES, ip);

        for (int attempt = 0; attempt < GroupStatus.FAILURES_KEPT + 5; attempt++) {
            await(manager.start("attempt " + attempt));
        }

        assertThat(manager.snapshot().failures()).hasSize(GroupStatus.FAILURES_KEPT);
    }

    private static boolean restartedOnce(GroupSnapshot snapshot) {
        return snapshot.restarts() == 1 && snapshot.state() == RunState.STARTED;
    }

    /** Checks only when the test asks, so that the test decides when a failure is found. */
    private static GroupPolicy manualMonitoring(int maxRestarts) {
        return policy(new MonitorPolicy(false, Duration.ofSeconds(10), maxRestarts, Duration.ofHours(1)));
    }

    private static GroupPolicy periodicMonitoring(Duration interval) {
        return policy(new MonitorPolicy(true, interval, 3, Duration.ofHours(1)));
    }

    private static GroupPolicy policy(MonitorPolicy monitor) {
        return new GroupPolicy(OperationTimeouts.DEFAULTS, Map.of(), monitor, TWO_QUICK_RETRIES,
                GroupPolicy.DEFAULT_OVERRUN_GRACE);
    }

    private static GroupPolicy shortTimeouts(MonitorPolicy monitor) {
        Duration short50 = Duration.ofMillis(50);
        return new GroupPolicy(new OperationTimeouts(short50, short50, short50), Map.of(), monitor,
                TWO_QUICK_RETRIES, short50);
    }

    private GroupManager manager(GroupPolicy policy, Resource... resources) {
        return manager("group1", policy, resources);
    }

    private GroupManager manager(String name, GroupPolicy policy, Resource... resources) {
        GroupManager manager = new GroupManager(new GroupResources(name, "alpha", List.of(resources)), policy, runtime);
        managers.add(manager);
        return manager;
    }

    private static Resource healthy(String token) {
        Resource agent = mock(Resource.class);
        when(agent.spec()).thenReturn(ResourceSpec.parse(token));
        when(agent.start(any())).thenReturn(OperationResult.success());
        when(agent.stop(any())).thenReturn(OperationResult.success());
        when(agent.status(any())).thenReturn(OperationResult.success());
        return agent;
    }

    private static GroupSnapshot await(java.util.concurrent.CompletableFuture<GroupSnapshot> future)
            throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records what the membership layer would hear. */
    static final class RecordingListener implements GroupListener {
        private final List<String> releases = new ArrayList<>();
        private final List<GroupSnapshot> snapshots = new ArrayList<>();

        @Override
        public synchronized void groupReleased(String group, String reason) {
            releases.add(group + ": " + reason);
        }

        @Override
        public synchronized void stateChanged(GroupSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        synchronized List<String> releases() {
            return List.copyOf(releases);
        }

        synchronized List<RunState> groupStates() {
            return changes(snapshots.stream().map(GroupSnapshot::state).toList());
        }

        synchronized List<RunState> resourceStatesOf(String id) {
            return changes(snapshots.stream()
                    .flatMap(snapshot -> snapshot.resources().stream())
                    .filter(resource -> resource.id().equals(id))
                    .map(ResourceSnapshot::state)
                    .toList());
        }

        private static List<RunState> changes(List<RunState> published) {
            List<RunState> states = new ArrayList<>();
            for (RunState state : published) {
                if (states.isEmpty() || states.get(states.size() - 1) != state) {
                    states.add(state);
                }
            }
            return states;
        }
    }
}
