package org.jheartbeat.resources.drbd;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The drbd.conf resources a drbddisk resource stands for: the one it names, or all of them. */
final class DrbdTargets {

    private DrbdTargets() {
    }

    /** Reads drbd.conf afresh, as drbdadm does on every call, so an edited file takes effect at once. */
    static List<DrbdResourceConfig> resolve(Path configFile, Optional<String> resourceName) throws DrbdConfigException {
        DrbdConfig config = DrbdConfig.load(configFile);
        if (resourceName.isEmpty()) {
            if (config.resources().isEmpty()) {
                throw new DrbdConfigException(configFile + ": defines no resource");
            }
            return List.copyOf(config.resources().values());
        }
        String name = resourceName.get();
        return List.of(config.resource(name).orElseThrow(() -> new DrbdConfigException(configFile
                + " (with its includes) defines no resource " + name + "; it defines: "
                + String.join(", ", config.resources().keySet()))));
    }
}
