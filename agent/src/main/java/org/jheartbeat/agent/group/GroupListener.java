package org.jheartbeat.agent.group;

/** What the membership layer hears from a group manager. Called on the group's own thread: do not block. */
public interface GroupListener {

    /**
     * The group cannot run on this node: a start failed and was rolled back, or it kept failing after its
     * restarts. Everything in it has been stopped, so another node may start it.
     */
    void groupReleased(String group, String reason);

    /** Every change of the group's or a resource's state. */
    default void stateChanged(GroupSnapshot snapshot) {
    }
}
