package org.jheartbeat.agent.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * This node's own restart in place, announced to its peers: done once every other member has noted it
 * ({@link ClusterMessage.RestartNoted}), or has left. Until then the node must not leave with its groups running: a
 * peer that missed the announcement would take them over at once.
 */
final class RestartAnnouncement {

    private final Set<String> awaiting;
    private final CompletableFuture<Void> noted = new CompletableFuture<>();

    /** @param peers the other members when the restart was announced */
    RestartAnnouncement(Set<String> peers) {
        this.awaiting = new HashSet<>(peers);
        completeWhenNoneAwaited();
    }

    void noted(String peer) {
        awaiting.remove(peer);
        completeWhenNoneAwaited();
    }

    /** A peer that left holds nothing and takes nothing over: it is no longer waited for. */
    void membersAre(Set<String> members) {
        awaiting.retainAll(members);
        completeWhenNoneAwaited();
    }

    CompletableFuture<Void> noted() {
        return noted;
    }

    private void completeWhenNoneAwaited() {
        if (awaiting.isEmpty()) {
            noted.complete(null);
        }
    }
}
