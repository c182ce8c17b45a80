package org.jheartbeat.resources.ipaddr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code jheartbeat.resources.ipaddr} settings; defaults and their reasons are in this module's
 * {@code reference.conf}.
 *
 * @param announceCount     announcements sent after the address is added (0: none)
 * @param announceInterval  pause between two announcements
 * @param duplicateWait     how long to listen for another holder of the address before adding it, when nothing is
 *                          known of the previous holder
 * @param failoverWait      the same after the previous holder was declared dead: a wait sized for a LAN
 * @param onDuplicate       what to do when another holder answers
 * @param commandTimeout    bound for each single tool run, within the operation's own timeout
 */
public record IpAddrSettings(int announceCount, Duration announceInterval, Duration duplicateWait,
                             Duration failoverWait, OnDuplicate onDuplicate, Duration commandTimeout, String arping, String ndisc6,
                             String sendUa) {

    public static final String PATH = "ipaddr";

    /** What start does when the duplicate check finds the address alive elsewhere on the segment. */
    public enum OnDuplicate {
        /** Fail the start: two holders of one address break both. */
        REFUSE,
        /** Log a warning and add the address anyway (an operator who knows the other holder is going away). */
        WARN
    }

    public IpAddrSettings {
        if (announceCount < 0) {
            throw new IllegalArgumentException("announce-count must be 0 or more, got " + announceCount);
        }
        positive("announce-interval", announceInterval);
        positive("duplicate-check-wait", duplicateWait);
        positive("failover-check-wait", failoverWait);
        positive("command-timeout", commandTimeout);
    }

    /**
     * Reads the plugin's subsection of the {@code jheartbeat.resources} section, falling back to this
     * module's shipped defaults for every key the site did not set.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or of the wrong kind
     */
    public static IpAddrSettings from(Config resources) {
        Config defaults = ConfigFactory.defaultReference(IpAddrSettings.class.getClassLoader())
                .getConfig("jheartbeat.resources." + PATH);
        Config own = resources.hasPath(PATH) ? resources.getConfig(PATH).withFallback(defaults) : defaults;
        try {
            return new IpAddrSettings(
                    own.getInt("announce-count"),
                    own.getDuration("announce-interval"),
                    own.getDuration("duplicate-check-wait"),
                    own.getDuration("failover-check-wait"),
                    onDuplicate(own.getString("on-duplicate")),
                    own.getDuration("command-timeout"),
                    own.getString("arping"),
                    own.getString("ndisc6"),
                    own.getString("send-ua"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("jheartbeat.resources." + PATH + ": " + e.getMessage(), e);
        }
    }

    private static OnDuplicate onDuplicate(String text) {
        try {
            return OnDuplicate.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jheartbeat.resources." + PATH + ".on-duplicate must be refuse or warn, got '"
                    + text + "'", e);
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("jheartbeat.resources." + PATH + "." + key + " must be positive, got " + value);
        }
    }
}
