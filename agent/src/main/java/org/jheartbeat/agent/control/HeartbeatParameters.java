package org.jheartbeat.agent.control;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.HaCf;

/**
 * {@code cl_status hbparameter -p NAME}: ha.cf's values as heartbeat reports them (times in whole seconds
 * without a unit, else in ms with {@code ms}; {@code auto_failback} as its word). A parameter heartbeat would
 * not report, or one not set, is empty, as heartbeat's "Cannot get parameter" is.
 */
public final class HeartbeatParameters {

    private HeartbeatParameters() {
    }

    public static Optional<String> of(ClusterConfig config, String name) {
        HaCf haCf = config.haCf();
        return switch (name) {
            case "keepalive" -> Optional.of(time(haCf.timing().keepalive()));
            case "deadtime" -> Optional.of(time(haCf.timing().deadtime()));
            case "warntime" -> Optional.of(time(haCf.timing().warntime()));
            case "initdead" -> Optional.of(time(haCf.timing().initdead()));
            case "deadping" -> Optional.of(time(haCf.deadping()));
            case "udpport" -> Optional.of(String.valueOf(haCf.udpPort()));
            case "auto_failback" -> Optional.of(haCf.autoFailback().name().toLowerCase(Locale.ROOT));
            case "debug" -> Optional.of(String.valueOf(haCf.logging().debugLevel()));
            case "logfacility" -> haCf.logging().facility();
            case "logfile" -> haCf.logging().logfile().map(Object::toString);
            case "debugfile" -> haCf.logging().debugfile().map(Object::toString);
            default -> Optional.empty();
        };
    }

    private static String time(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : millis + "ms";
    }
}
