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
    FENCING;

    /** The word used in log lines and status output. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
