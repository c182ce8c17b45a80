package org.jheartbeat.resources.drbd;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code jheartbeat.resources.drbd} settings; defaults and their meaning are in this module's
 * reference.conf.
 */
public record DrbdSettings(String drbdadm, String drbdsetup, Path procDrbd, Path config, Duration retryInterval,
                           Duration pollInterval, Duration defaultDegrWfcTimeout) {

    public static final String SECTION = "drbd";

    /** @param resourceSettings the {@code jheartbeat.resources} section */
    public static DrbdSettings from(Config resourceSettings) {
        Config drbd = resourceSettings.getConfig(SECTION);
        return new DrbdSettings(drbd.getString("drbdadm"), drbd.getString("drbdsetup"),
                Path.of(drbd.getString("proc-drbd")), Path.of(drbd.getString("config")),
                positive(drbd, "retry-interval"), positive(drbd, "poll-interval"),
                drbd.getDuration("default-degr-wfc-timeout"));
    }

    private static Duration positive(Config drbd, String key) {
        Duration value = drbd.getDuration(key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("jheartbeat.resources.drbd." + key + " must be positive, not " + value);
        }
        return value;
    }
}
