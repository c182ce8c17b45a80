package org.jheartbeat.agent.fencing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How this node takes itself out when it cannot make a resource safe. */
public enum FencingMethod {
    /** Stop the machine without powering it off, as the seed's DRBD {@code incon-degr-cmd "halt -f"}. */
    HALT,
    POWEROFF,
    /** Restart the machine at once, as heartbeat's {@code reboot -nf} after a failed stop. */
    REBOOT,
    /** Run a configured executable with the reason as its argument (a STONITH client, or a test's teardown). */
    COMMAND;

    /**
     * @param where names the setting in error messages, e.g. {@code jheartbeat.fencing.method}
     * @throws IllegalArgumentException naming {@code where}, the bad value and the accepted ones
     */
    public static FencingMethod parse(String value, String where) {
        for (FencingMethod method : values()) {
            if (method.configName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw new IllegalArgumentException(where + ": unknown fencing method '" + value + "', expected one of "
                + Arrays.stream(values()).map(FencingMethod::configName).collect(Collectors.joining(", ")));
    }

    /** The name as written in the configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
