package org.jheartbeat.agent.scripts;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where resource scripts are looked up, so that tests and {@code --config-dir} can point elsewhere.
 *
 * @param resourceD heartbeat's own scripts, searched first ({@code /etc/ha.d/resource.d})
 * @param initD     LSB init scripts, searched second ({@code /etc/init.d})
 * @param ocfRoot   the OCF root, whose {@code resource.d/PROVIDER/AGENT} holds the OCF agents
 *                  ({@code /usr/lib/ocf}); handed to the agents as {@code OCF_ROOT}
 */
public record ScriptDirectories(Path resourceD, Path initD, Path ocfRoot) {

    public ScriptDirectories {
        Objects.requireNonNull(resourceD, "resourceD");
        Objects.requireNonNull(initD, "initD");
        Objects.requireNonNull(ocfRoot, "ocfRoot");
    }

    /** The directories heartbeat and Debian's resource-agents package use. */
    public static ScriptDirectories standard() {
        return forConfigDir(Path.of("/etc/ha.d"));
    }

    /** {@code resource.d} below the given heartbeat configuration directory; init.d and OCF where Debian puts them. */
    public static ScriptDirectories forConfigDir(Path configDir) {
        return new ScriptDirectories(configDir.resolve("resource.d"), Path.of("/etc/init.d"), Path.of("/usr/lib/ocf"));
    }

    /** Where the agent {@code ocf:PROVIDER:AGENT} lives. */
    public Path ocfAgent(String provider, String agent) {
        return ocfRoot.resolve("resource.d").resolve(provider).resolve(agent);
    }
}
