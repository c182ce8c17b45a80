package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.Succession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one resource group on this node, one command at a time on the group's own thread: starts it in order
 * and rolls a failed start back, stops it in reverse, watches it and restarts a failed resource with those
 * after it, and fences the node when a stop fails and the resource's status still does not say stopped, so
 * that no peer starts a resource this node still holds.
 *
 * <p>Once fencing, the manager does nothing more: the node is on its way down. When the fencer returns all the same,
 * the group is BLOCKED: never reported stopped, so it stays held here, until a stop resumed at shutdown finds it
 * stopped ({@link #stopIfHeld}).
 */
public final class GroupManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupManager.class);

    private final GroupResources group;
    private final List<Resource> resources;
    private final GroupPolicy policy;
    private final GroupRuntime runtime;
    private final BoundedOperations operations;
    private final GroupStatus status;
    private final ScheduledExecutorService serial;
    private ScheduledFuture<?> monitoring;

    public GroupManager(GroupResources group, GroupPolicy policy, GroupRuntime runtime) {
        this.group = group;
        this.resources = group.resources();
        this.policy = policy;
        this.runtime = runtime;
        this.operations = new BoundedOperations(runtime.operations(), policy.overrunGrace());
        this.status = new GroupStatus(group, policy.monitor().restartWindow(), runtime.clock(), runtime.ticker(),
                runtime.listener());
        this.serial = Executors.newSingleThreadScheduledExecutor(task -> {
            // Every line this group's thread logs names the group (a journal field, see agent.logging).
            Thread thread = new Thread(() -> {
                MDC.put("group", group.name());
                task.run();
            }, "group-" + group.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    public String name() {
        return group.name();
    }

    public GroupSnapshot snapshot() {
        return status.snapshot();
    }

    /** Starts every resource in order; completes when the group runs, or failed and was rolled back. */
    public CompletableFuture<GroupSnapshot> start(String reason) {
        return start(reason, Succession.UNKNOWN);
    }

    /** The same, telling each resource how the group's previous holder left it. */
    public CompletableFuture<GroupSnapshot> start(String reason, Succession succession) {
        return onGroupThread(() -> startGroup(reason, succession));
    }

    /**
     * Takes on a group whose resources already run here (an agent restarted in place left them running): when every
     * resource's status says running, the group is STARTED and monitored without a start call; otherwise it is
     * started as {@link #start} does, each start finding what already runs.
     */
    public CompletableFuture<GroupSnapshot> adopt(String reason) {
        return onGroupThread(() -> adoptGroup(reason));
    }

    /** Stops every resource in reverse order, whatever the manager believes runs. */
    public CompletableFuture<GroupSnapshot> stop(String reason) {
        return onGroupThread(() -> stopGroup(reason));
    }

    /**
     * If the group runs here, stops its resources from {@code first} on, last first, and leaves those before it
     * running: a reload changed the group from there, and a manager of its new definition goes on with
     * {@link #startAfter}. Decided on the group's thread, after whatever was queued before.
     *
     * @return whether the group ran here and is now stopped from {@code first} on (false also when a stop failed and
     *         the node is being fenced)
     */
    public CompletableFuture<Boolean> stopFrom(int first, String reason) {
        return CompletableFuture.supplyAsync(() -> {
            RunState state = status.state();
            if (state == RunState.STOPPED || state == RunState.FAILED || state == RunState.FENCING) {
                return false;
            }
            stopMonitoring();
            status.group(RunState.STOPPING, reason);
            if (!stopDownTo(resources.size() - 1, first, reason)) {
                return false;
            }
            status.group(RunState.STOPPED, "stopped from resource " + (first + 1) + " on; the " + first
                    + " before it run on under the group's new definition");
            return true;
        }, serial);
    }

    /**
     * Takes over a group whose first {@code running} resources run here already (a reload kept them while it stopped
     * the rest under the group's old definition) and starts the others in order, rolling back as a start does.
     */
    public CompletableFuture<GroupSnapshot> startAfter(int running, String reason) {
        return onGroupThread(() -> {
            if (status.state() == RunState.FENCING || status.state() == RunState.STARTED) {
                return;
            }
            status.resetRestarts();
            status.group(RunState.STARTING, reason);
            for (int i = 0; i < running; i++) {
                status.resource(i, RunState.STARTED, "kept running through the reload");
            }
            if (startFrom(running, "starting the resources the reload changed", Succession.UNKNOWN)) {
                status.group(RunState.STARTED, "running under its new definition; started from resource "
                        + (running + 1));
                startMonitoring();
            }
        });
    }

    /**
     * Stops the group if it runs here (started, or a start or stop left unfinished); a group stopped or failed here
     * is left alone, its resources never asked to stop. Decided on the group's thread, after whatever was queued
     * before, so a start already asked for is stopped again rather than left running. A BLOCKED group has its stop
     * resumed once the status of the resource that would not stop says stopped (stopped by hand, or gone with what
     * held it): the rest of the group is stopped then.
     */
    public CompletableFuture<GroupSnapshot> stopIfHeld(String reason) {
        return onGroupThread(() -> {
            if (status.state() == RunState.BLOCKED) {
                resumeStop();
            } else if (status.state() != RunState.STOPPED && status.state() != RunState.FAILED) {
                stopGroup(reason);
            }
        });
    }

    /**
     * Forgets the group's failure records and restarts ({@code hbctl resource cleanup}); a FAILED group
     * becomes STOPPED, so that this node may run it again when the cluster says so. A BLOCKED group is cleaned up only
     * once the status of the resource that would not stop says stopped, and the rest of the group is stopped first, as
     * at shutdown: the block is what keeps the group off every other node while it may still run here. Otherwise the
     * answer fails with a {@link GroupBlockedException} saying why, and nothing is forgotten.
     */
    public CompletableFuture<GroupSnapshot> clearFailures() {
        return onGroupThread(() -> {
            if (status.state() == RunState.BLOCKED) {
                OperationResult blockedNow = resumeStop();
                if (status.state() != RunState.STOPPED) {
                    throw new GroupBlockedException("group " + group.name() + " is " + status.state().word()
                            + " here and stays so: " + (blockedNow.outcome() != OperationResult.Outcome.NOT_RUNNING
                            ? "the status of the resource whose stop failed says " + blockedNow + ", not stopped; "
                            + "stop it by hand, then clean up again"
                            : "stopping the rest of the group failed: " + status.snapshot().reason()));
                }
            }
            status.clearFailures();
        });
    }

    /**
     * A startup check found that this node must not run the group (a DRBD disk Inconsistent and alone): it is FAILED
     * here, saying why, until an operator cleans it up.
     */
    public CompletableFuture<GroupSnapshot> refuse(String reason) {
        return onGroupThread(() -> status.group(RunState.FAILED, "refused by a startup check: " + reason));
    }

    /** Checks the running resources now, as the periodic monitor does. */
    public CompletableFuture<GroupSnapshot> monitorNow() {
        return onGroupThread(this::monitorPass);
    }

    /**
     * Has each running resource tell the network again that it is here, after another node held the group
     * too. A failed announcement is recorded and logged; it stops nothing.
     */
    public CompletableFuture<GroupSnapshot> announce(String reason) {
        return onGroupThread(() -> announceGroup(reason));
    }

    /**
     * How long stopping the whole group may take at most: for every resource, each try of its stop (the first and
     * every retry, each to its time limit and the overrun grace), the pauses before the retries, and the status asked
     * after the last failed try, summed; {@link OperationTimeouts#UNBOUNDED} when an operation has no time limit.
     */
    public Duration stopBound() {
        StopRetryPolicy retries = policy.stopRetries();
        Duration total = Duration.ZERO;
        for (Resource resource : resources) {
            Duration tries = bound(resource, ResourceOperation.STOP).multipliedBy(retries.retries() + 1L);
            Duration pauses = retries.delay().multipliedBy(retries.retries());
            total = total.plus(tries).plus(pauses).plus(bound(resource, ResourceOperation.STATUS));
        }
        return capped(total);
    }

    /**
     * How long {@link #stopIfHeld} may take at most: what may run on the group's thread before it (at worst a monitor
     * pass that restarts the group: the status of every resource, a stop, a start and the stop that rolls a failed
     * start back), then the stop itself.
     */
    public Duration stopIfHeldBound() {
        Duration statuses = Duration.ZERO;
        Duration starts = Duration.ZERO;
        for (Resource resource : resources) {
            statuses = statuses.plus(bound(resource, ResourceOperation.STATUS));
            starts = starts.plus(bound(resource, ResourceOperation.START));
        }
        return capped(statuses.plus(starts).plus(stopBound().multipliedBy(3)));
    }

    /** One try of an operation: its time limit and the grace before the manager stops waiting for it. */
    private Duration bound(Resource resource, ResourceOperation operation) {
        Duration timeout = policy.timeout(resource, operation);
        return timeout.equals(OperationTimeouts.UNBOUNDED) ? timeout : timeout.plus(policy.overrunGrace());
    }

    /** Sums over an operation without a time limit stay {@link OperationTimeouts#UNBOUNDED}. */
    private static Duration capped(Duration total) {
        return total.compareTo(OperationTimeouts.UNBOUNDED) >= 0 ? OperationTimeouts.UNBOUNDED : total;
    }

    /** Ends monitoring and the group's thread; leaves the resources as they are. */
    @Override
    public void close() {
        serial.shutdown();
    }

    private CompletableFuture<GroupSnapshot> onGroupThread(Runnable command) {
        return CompletableFuture.supplyAsync(() -> {
            command.run();
            return status.snapshot();
        }, serial);
    }

    private void startGroup(String reason, Succession succession) {
        if (status.state().failedToStop() || status.state() == RunState.STARTED) {
            return;
        }
        status.resetRestarts();
        status.group(RunState.STARTING, reason);
        if (startFrom(0, "group starting", succession)) {
            status.group(RunState.STARTED, "all " + resources.size() + " resources started");
            startMonitoring();
        }
    }

    private void adoptGroup(String reason) {
        for (int i = 0; i < resources.size(); i++) {
            OperationResult probed = probe(i);
            if (!probed.isSuccess()) {
                startGroup(reason + "; " + resources.get(i).spec() + " is not running (" + probed.reason() + ")",
                        Succession.UNKNOWN);
                return;
            }
        }
        for (int i = 0; i < resources.size(); i++) {
            status.resource(i, RunState.STARTED, "adopted: its status says running");
        }
        status.group(RunState.STARTED, "adopted, all " + resources.size() + " resources running: " + reason);
        startMonitoring();
    }

    private void announceGroup(String reason) {
        if (status.state() != RunState.STARTED) {
            return;
        }
        LOG.info("group {} announcing: {}", group.name(), reason);
        for (int i = 0; i < resources.size(); i++) {
            OperationResult result = run(i, ResourceOperation.ANNOUNCE).result();
            if (!result.isSuccess()) {
                LOG.warn("resource {} announcing: {} (group {})", resources.get(i).spec(), result, group.name());
            }
        }
    }

    private void stopGroup(String reason) {
        if (status.state().failedToStop()) {
            return;
        }
        stopMonitoring();
        status.group(RunState.STOPPING, reason);
        if (stopDownTo(resources.size() - 1, 0, "group stopping")) {
            status.group(RunState.STOPPED, "all " + resources.size() + " resources stopped");
        }
    }

    /**
     * Starts resources {@code first..last}; on a failure stops the failed one and everything before it, marks
     * the group failed and releases it.
     *
     * @return whether every resource started
     */
    private boolean startFrom(int first, String why, Succession succession) {
        for (int i = first; i < resources.size(); i++) {
            status.resource(i, RunState.STARTING, why);
            BoundedOperations.Outcome outcome = run(i, ResourceOperation.START, succession);
            OperationResult result = outcome.result();
            if (!result.isSuccess()) {
                String failure = "start of " + resources.get(i).spec() + " failed: " + result;
                status.resource(i, RunState.FAILED, result.toString());
                // The failed resource may be half started (an address added, its announcement not sent).
                if (stopDownTo(i, 0, "rolling back the failed start")) {
                    release(failure + "; stopped the group");
                }
                return false;
            }
            status.resource(i, RunState.STARTED, "in " + outcome.elapsed().toMillis() + " ms");
        }
        return true;
    }

    /** @return whether all of {@code from} down to {@code downTo} stopped; if not, the node is being fenced */
    private boolean stopDownTo(int from, int downTo, String why) {
        for (int i = from; i >= downTo; i--) {
            status.resource(i, RunState.STOPPING, why);
            BoundedOperations.Outcome outcome = stopWithRetries(i);
            if (outcome.result().isSuccess()) {
                status.resource(i, RunState.STOPPED, "in " + outcome.elapsed().toMillis() + " ms");
                continue;
            }
            // heartbeat's ResourceManager asks a resource whose stop kept failing for its status, and reboots the
            // node only when that still says running; so do we, with the plugins' exact status and the scripts' words.
            OperationResult after = probe(i);
            if (after.outcome() != OperationResult.Outcome.NOT_RUNNING) {
                fence(i, outcome.result(), after);
                return false;
            }
            LOG.warn("resource {} stopping: the stop failed ({}) but its status says stopped ({}): not fencing, as"
                    + " heartbeat does; a stop must succeed when the resource is already stopped (group {})",
                    resources.get(i).spec(), outcome.result(), after.reason(), group.name());
            status.resource(i, RunState.STOPPED, "status says stopped after a failed stop");
        }
        return true;
    }

    /** The resource's status, asked outside monitoring: not a failure record of its own when it says stopped. */
    private OperationResult probe(int index) {
        Resource agent = resources.get(index);
        return operations.run(agent, ResourceOperation.STATUS, policy.timeout(agent, ResourceOperation.STATUS))
                .result();
    }

    private BoundedOperations.Outcome stopWithRetries(int index) {
        StopRetryPolicy retries = policy.stopRetries();
        BoundedOperations.Outcome outcome = run(index, ResourceOperation.STOP);
        for (int retry = 1; retry <= retries.retries() && retryable(outcome.result()); retry++) {
            LOG.warn("resource {} stopping: retry {} of {} in {} ms after {} (group {})", resources.get(index).spec(),
                    retry, retries.retries(), retries.delay().toMillis(), outcome.result(), group.name());
            try {
                Thread.sleep(retries.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
            outcome = run(index, ResourceOperation.STOP);
        }
        return outcome;
    }

    private static boolean retryable(OperationResult result) {
        return !result.isSuccess() && result.outcome() != OperationResult.Outcome.TIMED_OUT;
    }

    private void monitorPass() {
        if (status.state() != RunState.STARTED) {
            return;
        }
        for (int i = 0; i < resources.size(); i++) {
            if (!policy.monitors(resources.get(i))) {
                continue;
            }
            OperationResult result = run(i, ResourceOperation.STATUS).result();
            if (!result.isSuccess()) {
                status.resource(i, RunState.FAILED, "status: " + result);
                recover(i, result);
                return;
            }
        }
    }

    private void recover(int failed, OperationResult result) {
        String what = resources.get(failed).spec() + " failed its status check: " + result;
        boolean hopeless = result.outcome() == OperationResult.Outcome.MISCONFIGURED
                || result.outcome() == OperationResult.Outcome.NOT_INSTALLED;
        int limit = policy.monitor().maxRestarts();
        if (hopeless || status.restarts() >= limit) {
            stopMonitoring();
            String verdict = what + (hopeless ? "; a restart cannot help"
                    : "; restarted " + status.restarts() + " of " + limit + " times within "
                    + policy.monitor().restartWindow() + " already, giving up");
            status.group(RunState.STOPPING, verdict);
            if (stopDownTo(resources.size() - 1, 0, "releasing the group")) {
                release(verdict + "; released for failover");
            }
            return;
        }
        status.countRestart();
        status.group(RunState.STARTING, what + "; restarting it and the " + (resources.size() - 1 - failed)
                + " after it (restart " + status.restarts() + " of " + limit + ")");
        String restart = "restarting from " + resources.get(failed).spec();
        if (stopDownTo(resources.size() - 1, failed, restart) && startFrom(failed, restart, Succession.UNKNOWN)) {
            status.group(RunState.STARTED, "restarted from " + resources.get(failed).spec());
        }
    }

    private void release(String reason) {
        stopMonitoring();
        status.group(RunState.FAILED, reason);
        try {
            runtime.listener().groupReleased(group.name(), reason);
        } catch (RuntimeException e) {
            LOG.error("group {}: release listener failed", group.name(), e);
        }
    }

    private void fence(int index, OperationResult result, OperationResult statusAfter) {
        stopMonitoring();
        String reason = "stop of " + resources.get(index).spec() + " in group " + group.name() + " failed: "
                + result + (statusAfter.isSuccess() ? "; its status still says running"
                : "; its status does not say stopped: " + statusAfter);
        status.resource(index, RunState.FENCING, result.toString());
        status.group(RunState.FENCING, reason);
        runtime.fencer().fence(reason);
        // Still here: the fencer returned (a STONITH command that failed, a reboot the kernel refused). The resource
        // may still run, so the group must never count as stopped.
        status.resource(index, RunState.BLOCKED, "fencing returned with the node still up");
        status.group(RunState.BLOCKED, reason + "; fencing returned with the node still up: the group stays here, and"
                + " no other node starts it while this node is a member");
    }

    /** Resumes a BLOCKED group's stop if the resource that would not stop says stopped; returns what it said. */
    private OperationResult resumeStop() {
        List<ResourceSnapshot> states = status.snapshot().resources();
        int blocked = states.size() - 1;
        while (blocked > 0 && states.get(blocked).state() != RunState.BLOCKED) {
            blocked--;
        }
        OperationResult now = probe(blocked);
        if (now.outcome() != OperationResult.Outcome.NOT_RUNNING) {
            return now;
        }
        status.resource(blocked, RunState.STOPPED, "its status says stopped now");
        status.group(RunState.STOPPING, resources.get(blocked).spec() + " says stopped now: stopping the rest");
        if (stopDownTo(blocked - 1, 0, "group stopping after a blocked stop")) {
            status.group(RunState.STOPPED, "all " + resources.size() + " resources stopped");
        }
        return now;
    }

    private BoundedOperations.Outcome run(int index, ResourceOperation operation) {
        return run(index, operation, Succession.UNKNOWN);
    }

    private BoundedOperations.Outcome run(int index, ResourceOperation operation, Succession succession) {
        Resource agent = resources.get(index);
        BoundedOperations.Outcome outcome = operations.run(agent, operation, policy.timeout(agent, operation),
                succession);
        status.elapsed(index, outcome.elapsed());
        if (!outcome.result().isSuccess()) {
            status.failure(index, operation, outcome.result());
        }
        return outcome;
    }

    private void startMonitoring() {
        if (policy.monitor().enabled() && monitoring == null && resources.stream().anyMatch(policy::monitors)) {
            long interval = policy.monitor().interval().toNanos();
            monitoring = serial.scheduleWithFixedDelay(this::scheduledMonitorPass, interval, interval,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** A periodic task that throws is never run again, so a surprise must not escape it. */
    private void scheduledMonitorPass() {
        try {
            monitorPass();
        } catch (RuntimeException e) {
            LOG.error("group {} monitor pass failed unexpectedly", group.name(), e);
        }
    }

    private void stopMonitoring() {
        if (monitoring != null) {
            monitoring.cancel(false);
            monitoring = null;
        }
    }
}
