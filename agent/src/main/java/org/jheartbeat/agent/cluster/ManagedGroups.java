package org.jheartbeat.agent.cluster;

import java.util.concurrent.CompletableFuture;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.LocalGroups;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.resource.Succession;

/** {@link GroupControl} over this node's group managers. */
public final class ManagedGroups implements GroupControl {

    private final LocalGroups groups;

    public ManagedGroups(LocalGroups groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<Boolean> start(String group, String reason, Succession succession) {
        return manager(group).start(reason, succession).thenApply(snapshot -> snapshot.state() == RunState.STARTED);
    }

    @Override
    public CompletableFuture<Void> stop(String group, String reason) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        manager(group).stop(reason).thenAccept((GroupSnapshot snapshot) -> {
            // A fencing node never reports the group stopped: nobody may start it elsewhere on our word.
            if (snapshot.state() != RunState.FENCING) {
                stopped.complete(null);
            }
        });
        return stopped;
    }

    @Override
    public void announce(String group, String reason) {
        manager(group).announce(reason);
    }

    private GroupManager manager(String group) {
        return groups.group(group).orElseThrow(() -> new IllegalArgumentException("no group " + group));
    }
}
