package org.jheartbeat.agent.group;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Every group manager of this node, in haresources order: for status, and to stop them all at shutdown. */
public final class LocalGroups implements AutoCloseable {

    private final Map<String, GroupManager> managers = new LinkedHashMap<>();

    public LocalGroups(List<GroupManager> managers) {
        for (GroupManager manager : managers) {
            if (this.managers.putIfAbsent(manager.name(), manager) != null) {
                throw new IllegalArgumentException("two groups are named " + manager.name());
            }
        }
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

    /** How long {@link #stopAll} may take at most: the slowest group's {@link GroupManager#stopBound()}. */
    public Duration stopBound() {
        return managers.values().stream().map(GroupManager::stopBound).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public void close() {
        managers.values().forEach(GroupManager::close);
    }
}
