package org.jheartbeat.agent.config;

/**
 * ha.cf's {@code auto_failback}. {@link #LEGACY}, heartbeat's default, fails back like {@link #ON} in a
 * cluster where every node runs the same software, which is always the case here.
 */
public enum AutoFailback { ON, OFF, LEGACY }
