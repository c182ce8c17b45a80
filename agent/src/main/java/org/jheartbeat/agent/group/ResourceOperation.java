package org.jheartbeat.agent.group;

import java.util.Locale;

/** The operations the group manager runs on a resource. */
public enum ResourceOperation {
    START,
    STOP,
    STATUS,
    ANNOUNCE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
