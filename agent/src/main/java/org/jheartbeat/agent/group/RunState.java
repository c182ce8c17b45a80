package org.jheartbeat.agent.group;

import java.util.Locale;

/** The states of a group and of each resource in it; their names are the log's fixed vocabulary. */
public enum RunState {
    STOPPED,
    STARTING,
    STARTED,
    STOPPING,
    /** Could not be started or kept running on this node; everything in it has been stopped. */
    FAILED,
    /** A stop failed, so the node is taking itself out; nothing more is done here. */
    FENCING,
    /**
     * A stop failed and fencing returned with the node still up (a STONITH command that failed, a reboot the kernel
     * refused): what did not stop may still run, so the group stays held here and no other node starts it while this
     * node is a member. Only a stop resumed at shutdown, once the status says stopped, ends it.
     */
    BLOCKED;

    /** FENCING or BLOCKED: a stop failed here and the resource may still run; the group never counts as stopped. */
    public boolean failedToStop() {
        return this == FENCING || this == BLOCKED;
    }

    /** The word used in log lines and status output. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
