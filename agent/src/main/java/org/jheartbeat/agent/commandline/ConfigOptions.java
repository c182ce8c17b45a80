package org.jheartbeat.agent.commandline;

import java.nio.file.Path;
import org.jheartbeat.agent.config.ConfigSources;
import picocli.CommandLine.Option;

/**
 * Where the configuration comes from, as the daemon and {@code hbctl config check} both take it: a command that
 * checks the configuration must read exactly what the agent would start from.
 */
public final class ConfigOptions {

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "heartbeat configuration directory (default: /etc/ha.d, else /etc/heartbeat)")
    private Path configDir;

    @Option(names = "--settings", paramLabel = "FILE", description = "jheartbeat settings (default: ${DEFAULT-VALUE})")
    private Path settings = ConfigSources.DEFAULT_SETTINGS;

    @Option(names = "--node", paramLabel = "NAME", description = "this node's name (default: nodeinfo, else uname -n)")
    private String node;

    /** The defaults, with whatever the command line named instead. */
    public ConfigSources sources() {
        ConfigSources sources = ConfigSources.defaults().withSettingsFile(settings);
        if (configDir != null) {
            sources = sources.withConfigDir(configDir);
        }
        if (node != null) {
            sources = sources.withLocalNode(node);
        }
        return sources;
    }
}
