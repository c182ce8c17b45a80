package org.jheartbeat.agent.ownership;

/** How a node holds a group: any of these means another node must not start it. */
public enum Holding {
    STARTING,
    RUNNING,
    STOPPING
}
