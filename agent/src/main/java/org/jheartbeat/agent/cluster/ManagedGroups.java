package org.jheartbeat.agent.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.LocalGroups;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.resource.Succession;

/**
 * {@link GroupControl} over this node's group managers. A group whose stop failed here ({@link
 * RunState#failedToStop}) never answers a start or a stop: the cluster keeps it held by this node, so no other node
 * starts what may still run here.
 */
public final class ManagedGroups implements GroupControl {

    private final LocalGroups groups;

    public ManagedGroups(LocalGroups groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<Boolean> start(String group, String reason, Succession succession) {
        return unlessFailedToStop(manager(group).start(reason, succession),
                snapshot -> snapshot.state() == RunState.STARTED);
    }

    @Override
    public CompletableFuture<Void> stop(String group, String reason) {
        return unlessFailedToStop(manager(group).stop(reason), snapshot -> null);
    }

    /** A failed start rolled back with a stop that failed is no failed start that another node may now try. */
    private static <T> CompletableFuture<T> unlessFailedToStop(CompletableFuture<GroupSnapshot> done,
                                                               Function<GroupSnapshot, T> answer) {
        CompletableFuture<T> answered = new CompletableFuture<>();
        done.thenAccept(snapshot -> {
            if (!snapshot.state().failedToStop()) {
                answered.complete(answer.apply(snapshot));
            }
        });
        return answered;
    }

    @Override
    public void announce(String group, String reason) {
        manager(group).announce(reason);
    }

    private GroupManager manager(String group) {
        return groups.group(group).orElseThrow(() -> new IllegalArgumentException("no group " + group));
    }
}
