package org.jheartbeat.agent.group;

/**
 * A cleanup of a BLOCKED group refused: the resource whose stop failed does not say stopped (or the rest of the group
 * would not stop), so the group stays blocked on this node and nothing is forgotten. The message says why and what to
 * do.
 */
public final class GroupBlockedException extends RuntimeException {

    public GroupBlockedException(String message) {
        super(message);
    }
}
