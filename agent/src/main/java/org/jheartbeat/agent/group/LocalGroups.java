package org.jheartbeat.agent.group;

import com.google.common.util.concurrent.Uninterruptibles;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every group manager of this node, in haresources order: for status, and to stop them all at shutdown. */
public final class LocalGroups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalGroups.class);

    /** Replaced whole by a reload, never changed in place: readers on other threads see one set or the other. */
    private volatile Map<String, GroupManager> managers;

    public LocalGroups(List<GroupManager> managers) {
        this.managers = byName(managers);
    }

    private static Map<String, GroupManager> byName(List<GroupManager> managers) {
        Map<String, GroupManager> byName = new LinkedHashMap<>();
        for (GroupManager manager : managers) {
            if (byName.putIfAbsent(manager.name(), manager) != null) {
                throw new IllegalArgumentException("two groups are named " + manager.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * A reload's groups, in haresources order: from now on their names lead to these managers. A manager replaced is
     * left to the reload, which stops what it runs and closes it.
     */
    public void replace(List<GroupManager> newManagers) {
        managers = byName(newManagers);
    }

    public Optional<GroupManager> group(String name) {
        return Optional.ofNullable(managers.get(name));
    }

    public List<GroupSnapshot> snapshots() {
        return managers.values().stream().map(GroupManager::snapshot).toList();
    }

    /**
     * Stops every group this node holds at once, each in its own reverse order; completes when every one has
     * finished. A group held elsewhere is not asked to stop here, as heartbeat gives up only what it holds.
     */
    public CompletableFuture<List<GroupSnapshot>> stopAll(String reason) {
        List<CompletableFuture<GroupSnapshot>> stops =
                managers.values().stream().map(manager -> manager.stopIfHeld(reason)).toList();
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                .thenApply(done -> stops.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Stops every group this node holds, as {@link #stopAll}, and returns only once none may still run here, so that
     * the node may leave the cluster. Every operation is bounded and a group manager fences the node when a stop
     * fails, so the stops end; one that outlasts {@link #shutdownBound} is still waited for. A group BLOCKED because
     * fencing returned keeps this node in the cluster, so that no other node starts it: every {@code recheck} its
     * stop is resumed, which succeeds once the resource that would not stop says stopped (stopped by hand, or gone
     * with what held it). Not interrupted: leaving early is what this must never do.
     */
    public void stopAllBeforeLeaving(String reason, Duration recheck) {
        List<GroupSnapshot> after = awaitStops(reason);
        boolean told = false;
        while (true) {
            List<String> held = after.stream().filter(LocalGroups::mayRunHere).map(GroupSnapshot::name).toList();
            if (held.isEmpty()) {
                return;
            }
            if (!told) {
                LOG.error("groups {} may still run on this node (a stop failed and fencing returned): staying a member"
                        + " of the cluster so that no other node starts them; their stop is resumed every {} ms and"
                        + " the node leaves once they say stopped (stop them by hand, or reboot this node)", held,
                        recheck.toMillis());
                told = true;
            }
            Uninterruptibles.sleepUninterruptibly(recheck);
            after = awaitStops(reason);
        }
    }

    private List<GroupSnapshot> awaitStops(String reason) {
        CompletableFuture<List<GroupSnapshot>> stops = stopAll(reason);
        Duration bound = shutdownBound();
        try {
            try {
                return Uninterruptibles.getUninterruptibly(stops, bound);
            } catch (TimeoutException e) {
                LOG.error("groups still stopping {} ms after shutdown began, longer than their operations' time limits"
                        + " allow: staying a member of the cluster until they end", bound.toMillis());
                return Uninterruptibles.getUninterruptibly(stops);
            }
        } catch (ExecutionException e) {
            LOG.error("a group's stop failed unexpectedly at shutdown", e);
            return snapshots();
        }
    }

    /** Anything but stopped or failed here (every resource stopped) may still run. */
    public static boolean mayRunHere(GroupSnapshot group) {
        return group.state() != RunState.STOPPED && group.state() != RunState.FAILED;
    }

    /** How long stopping every group may take at most: the slowest group's {@link GroupManager#stopBound()}. */
    public Duration stopBound() {
        return managers.values().stream().map(GroupManager::stopBound).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * How long {@link #stopAll} may take at most: the slowest group's {@link GroupManager#stopIfHeldBound()}, its stop
     * with every retry and pause and what may run on its thread before the stop.
     */
    public Duration shutdownBound() {
        return managers.values().stream().map(GroupManager::stopIfHeldBound).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        managers.values().forEach(GroupManager::close);
    }
}
