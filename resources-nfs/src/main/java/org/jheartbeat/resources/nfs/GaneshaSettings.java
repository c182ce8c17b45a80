package org.jheartbeat.resources.nfs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;

/**
 * The {@code jheartbeat.resources.nfs.ganesha} settings (documented in reference.conf), with the resource's
 * configuration file argument already applied.
 */
record GaneshaSettings(Path config, Path daemon, Path pidFile, Path logFile, String logLevel,
                       boolean requireSharedRecovery, String probeAddress) {

    static final String SECTION = "nfs.ganesha";
    private static final String PATH = "jheartbeat.resources." + SECTION;

    /** @throws IllegalArgumentException naming the setting when a value is missing or malformed */
    static GaneshaSettings from(Config resources) {
        String key = "";
        try {
            Config section = resources.getConfig(SECTION);
            key = "config";
            Path config = PathArguments.absolute(section.getString(key), key);
            key = "daemon";
            Path daemon = PathArguments.absolute(section.getString(key), key);
            key = "pid-file";
            Path pidFile = PathArguments.absolute(section.getString(key), key);
            key = "log-file";
            Path logFile = PathArguments.absolute(section.getString(key), key);
            key = "log-level";
            String logLevel = section.getString(key);
            if (!logLevel.matches("NIV_[A-Z_]+")) {
                throw new IllegalArgumentException("expected a Ganesha level such as NIV_EVENT, got '" + logLevel
                        + "'");
            }
            key = "require-shared-recovery";
            boolean requireShared = section.getBoolean(key);
            key = "probe-address";
            String probeAddress = section.getString(key);
            new RpcProbe(probeAddress, 2049);
            return new GaneshaSettings(config, daemon, pidFile, logFile, logLevel, requireShared, probeAddress);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + PATH + (key.isEmpty() ? "" : "." + key) + ": "
                    + e.getMessage(), e);
        }
    }

    GaneshaSettings withConfig(Path file) {
        return new GaneshaSettings(file, daemon, pidFile, logFile, logLevel, requireSharedRecovery, probeAddress);
    }
}
