package org.jheartbeat.agent.control;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jheartbeat.agent.config.HaCf;

/**
 * {@code cl_status hbparameter -p NAME} as heartbeat 3.0.6 answers it (recorded: heartbeat-3.0.6/recorded.txt in the
 * tests). heartbeat reports the value a directive has in ha.cf, as written there ({@code 200ms}, {@code 1}); for a
 * directive ha.cf leaves out, the default it filled in: a fixed word, or a time it computed, in milliseconds with
 * {@code ms} ({@code 1000ms}, {@code 30000ms}). Directives it does not keep (node, the media, ping, respawn, apiauth,
 * stonith, nice_failback …) and names it does not know have no value, nor has an unset directive without a default.
 *
 * @param haCf     ha.cf as read at start
 * @param version  heartbeat's {@code hbversion}: the heartbeat release whose interface jheartbeat answers with, then
 *                 jheartbeat's own version where heartbeat names its build
 */
public record HeartbeatParameters(HaCf haCf, String version) {

    /** The heartbeat release whose commands, files and words jheartbeat reproduces. */
    public static final String HEARTBEAT_RELEASE = "3.0.6";

    /** heartbeat's directives that it keeps the value of and has no default for. */
    private static final Set<String> KEPT = Set.of("watchdog", "logfacility", "rtprio", "coreroot", "crm_daemon_dir",
            "crmd_spawns_pengine", "quorum_server");

    /** heartbeat's directives with the value it fills in when ha.cf has none. */
    private static final Map<String, String> FIXED_DEFAULTS = Map.ofEntries(Map.entry("cluster", "linux-ha"),
            Map.entry("hopfudge", "1"), Map.entry("baud", "19200"), Map.entry("auto_failback", "legacy"),
            Map.entry("hbgenmethod", "file"), Map.entry("realtime", "true"), Map.entry("msgfmt", "classic"),
            Map.entry("conn_logd_time", "60"), Map.entry("log_badpack", "true"), Map.entry("syslogmsgfmt", "true"),
            Map.entry("coredumps", "true"), Map.entry("pacemaker", "false"), Map.entry("autojoin", "none"),
            Map.entry("uuidfrom", "file"), Map.entry("compression", "zlib"), Map.entry("compression_threshold", "2"),
            Map.entry("traditional_compression", "no"), Map.entry("max_rexmit_delay", "250"),
            Map.entry("record_config_changes", "on"), Map.entry("record_pengine_inputs", "on"),
            Map.entry("enable_config_writes", "on"), Map.entry("memreserve", "6500"));

    /** heartbeat's directives whose default it computes from the others. */
    private static final Set<String> COMPUTED = Set.of("keepalive", "deadtime", "warntime", "initdead", "deadping",
            "udpport", "debug", "logfile", "debugfile", "use_logd");

    /** heartbeat's version string, {@code 3.0.6 (node: BUILD)}, with jheartbeat's version where heartbeat's build is. */
    public static String heartbeatVersion(String jheartbeatVersion) {
        return HEARTBEAT_RELEASE + " (jheartbeat " + jheartbeatVersion + ")";
    }

    /** Every name {@code cl_status hbparameter -p} may report a value for, for the shell's completion. */
    public static SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(KEPT);
        names.addAll(FIXED_DEFAULTS.keySet());
        names.addAll(COMPUTED);
        names.addAll(Set.of("hbversion", "crm"));
        return names;
    }

    /** The value heartbeat would report for {@code name}; empty where it reports none. */
    public Optional<String> of(String name) {
        if (name.equals("hbversion")) {
            return Optional.of(heartbeatVersion(version));
        }
        if (name.equals("crm") || name.equals("pacemaker")) {
            return pacemaker();
        }
        Optional<String> written = Optional.ofNullable(haCf.written().get(name));
        if (KEPT.contains(name)) {
            return written;
        }
        if (FIXED_DEFAULTS.containsKey(name)) {
            return written.or(() -> Optional.of(FIXED_DEFAULTS.get(name)));
        }
        if (COMPUTED.contains(name)) {
            return written.or(() -> computed(name));
        }
        return Optional.empty();
    }

    /** {@code crm} is heartbeat's old name for {@code pacemaker}: whichever ha.cf writes last counts. */
    private Optional<String> pacemaker() {
        String value = FIXED_DEFAULTS.get("pacemaker");
        for (Map.Entry<String, String> directive : haCf.written().entrySet()) {
            if (directive.getKey().equals("crm") || directive.getKey().equals("pacemaker")) {
                value = directive.getValue();
            }
        }
        return Optional.of(value);
    }

    private Optional<String> computed(String name) {
        boolean syslog = haCf.written().containsKey("logfacility") && !haCf.written().get("logfacility").equals("none");
        return switch (name) {
            case "keepalive" -> milliseconds(haCf.timing().keepalive());
            case "deadtime" -> milliseconds(haCf.timing().deadtime());
            case "warntime" -> milliseconds(haCf.timing().warntime());
            case "initdead" -> milliseconds(haCf.timing().initdead());
            case "deadping" -> milliseconds(haCf.deadping());
            case "udpport" -> Optional.of(String.valueOf(haCf.udpPort()));
            case "debug" -> Optional.of(String.valueOf(haCf.logging().debugLevel()));
            // With syslog and no file, heartbeat points the files at /dev/null.
            case "logfile", "debugfile" -> syslog ? Optional.of("/dev/null") : Optional.empty();
            // With no log destination at all, heartbeat turns to its logging daemon.
            case "use_logd" -> syslog || haCf.written().containsKey("logfile") || haCf.written().containsKey("debugfile")
                    ? Optional.empty() : Optional.of("yes");
            default -> Optional.empty();
        };
    }

    private static Optional<String> milliseconds(Duration time) {
        return Optional.of(time.toMillis() + "ms");
    }
}
