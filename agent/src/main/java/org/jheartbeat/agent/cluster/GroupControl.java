package org.jheartbeat.agent.cluster;

import java.util.concurrent.CompletableFuture;
import org.jheartbeat.resource.Succession;

/** How the cluster layer starts and stops this node's groups: the group managers, seen from above. */
public interface GroupControl {

    /**
     * Completes with whether the group runs; a failed start has been rolled back.
     *
     * @param succession how the group's previous holder left it, which its resources may rely on
     */
    CompletableFuture<Boolean> start(String group, String reason, Succession succession);

    /** Completes once the group is stopped; a stop that fails fences the node and never completes. */
    CompletableFuture<Void> stop(String group, String reason);

    /** Has the running group tell the network again that it runs here; changes nothing that runs. */
    void announce(String group, String reason);
}
