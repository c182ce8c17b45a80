package org.jheartbeat.agent.scripts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.Logging;

/**
 * The environment heartbeat 3.0.6 gives the resource.d and init.d scripts it runs, as recorded from a script's
 * {@code env} under heartbeat (e2e's site-environment recording): its directories, the node's name, where and how
 * to log, so that a script sourcing heartbeat's shell functions ({@code . /etc/ha.d/shellfuncs}, resource-agents'
 * {@code ha_log}) logs to the same syslog facility and files as under heartbeat. OCF agents get OCF's own variables
 * instead.
 *
 * @param variables added to the command runner's clean base environment; PATH replaces the base one
 */
public record ScriptEnvironment(Map<String, String> variables) {

    /** heartbeat's programs and its shell-level helpers come before the system's, as heartbeat's PATH has them. */
    static final String PATH = "/usr/libexec/heartbeat:/usr/sbin:/usr/share/heartbeat:"
            + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Where resource-agents (Debian 12) installs the shell functions when the configuration directory has none. */
    static final Path DEBIAN_SHELLFUNCS = Path.of("/etc/ha.d/shellfuncs");

    public ScriptEnvironment {
        variables = Map.copyOf(variables);
    }

    /** No variables beyond the runner's base environment. */
    public static ScriptEnvironment none() {
        return new ScriptEnvironment(Map.of());
    }

    /** What heartbeat would give this node's scripts under this configuration. */
    public static ScriptEnvironment of(ClusterConfig config, ScriptDirectories directories) {
        Path dir = config.configDir();
        Logging logging = config.haCf().logging();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PATH", PATH);
        variables.put("HA_CURHOST", config.localNode());
        variables.put("HA_DIR", dir.toString());
        Path shellfuncs = dir.resolve("shellfuncs");
        variables.put("HA_FUNCS", (Files.exists(shellfuncs) ? shellfuncs : DEBIAN_SHELLFUNCS).toString());
        variables.put("HA_RESOURCEDIR", directories.resourceD().toString());
        variables.put("HA_RCDIR", dir.resolve("rc.d").toString());
        variables.put("HA_BIN", "/usr/libexec/heartbeat");
        variables.put("HA_DATEFMT", "%Y/%m/%d_%T\t");
        logging.facility().ifPresent(facility -> variables.put("HA_LOGFACILITY", facility));
        logging.logfile().ifPresent(file -> variables.put("HA_LOGFILE", file.toString()));
        variables.put("HA_DEBUGLOG", logging.debugfile().map(Path::toString).orElse("/dev/null"));
        variables.put("HA_debug", Integer.toString(logging.debugLevel()));
        variables.put("HA_LOGD", "no");
        if (config.haCf().autoFailback() != AutoFailback.LEGACY) {
            // heartbeat's nice_failback, which auto_failback on and off both turn on.
            variables.put("HA_NICEFAILBACK", "yes");
        }
        variables.put("OCF_ROOT", directories.ocfRoot().toString());
        variables.put("OCF_AGENTS", directories.ocfRoot().resolve("resource.d/heartbeat") + "/");
        return new ScriptEnvironment(variables);
    }
}
