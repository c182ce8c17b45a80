package org.jheartbeat.resource;

import java.time.Duration;
import java.util.List;

/**
 * One configured resource on this node. The contract is the OCF one:
 * <ul>
 *   <li>{@link #start} on a running resource and {@link #stop} on a stopped one succeed without doing anything;</li>
 *   <li>{@link #status} never changes anything, and answers {@code SUCCESS} (running) or {@code NOT_RUNNING}
 *       (cleanly stopped), or a failure when the resource is neither;</li>
 *   <li>each operation finishes within the timeout it is given: the agent bounds its own commands and retry
 *       loops by it, and the group manager treats an overrun as {@code TIMED_OUT}.</li>
 * </ul>
 * Implementations are called by one thread at a time.
 */
public interface Resource {

    /** The resource as haresources names it. */
    ResourceSpec spec();

    OperationResult start(Duration timeout);

    /**
     * Starts the resource knowing how its group came here: the agent calls this one. A resource that checks for
     * another holder before it starts (a virtual address) may skip or shorten that check where {@code succession}
     * says the previous holder confirmed its stop; the others start as {@link #start(Duration)} does.
     */
    default OperationResult start(Duration timeout, Succession succession) {
        return start(timeout);
    }

    OperationResult stop(Duration timeout);

    OperationResult status(Duration timeout);

    /**
     * Checks what can only be checked on this node (tools installed, interface or device present) without
     * changing anything. Argument syntax is checked earlier, by {@link ResourceType#create}.
     */
    OperationResult validate(Duration timeout);

    /**
     * Tells the network again that the running resource is here. Called when this node keeps a group that
     * another node held at the same time (a partition that healed): clients that followed the other copy
     * must come back without waiting for their caches to expire. A virtual address announces itself again;
     * most resources have nothing to say. Never changes what runs.
     */
    default OperationResult announce(Duration timeout) {
        return OperationResult.success();
    }

    /**
     * What a look at this node finds against the resource, without running or changing anything: a tool it needs
     * that is not installed, a name its configuration files do not define, a setting that leaves its data
     * unprotected. Each is a sentence for the operator: {@code hbctl config check} and the agent's start-up log
     * show it as a warning at the resource's haresources line. The agent starts all the same, as heartbeat would,
     * and the operation that needs what is missing fails when it comes.
     */
    default List<String> preflight() {
        return List.of();
    }
}
