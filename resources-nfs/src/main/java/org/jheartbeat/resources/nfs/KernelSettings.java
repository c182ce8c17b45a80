package org.jheartbeat.resources.nfs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code jheartbeat.resources.nfs.kernel} settings (documented in reference.conf), with the resource's own
 * arguments already applied over them.
 *
 * @param sharedStateDirectory where the state lives on shared storage; empty keeps {@code stateDirectory} as it
 *                             is (the seed's symlink into /data)
 * @param notifyName           the name sm-notify announces ({@code -v}); empty lets sm-notify choose
 * @param exports              exports the resource makes; empty means all of {@code /etc/exports}
 */
record KernelSettings(Path stateDirectory, Optional<Path> sharedStateDirectory, Optional<String> notifyName,
                      ServiceManager serviceManager, boolean statd, boolean notifyClients, List<NfsExport> exports,
                      RpcProbe probe) {

    static final String SECTION = "nfs.kernel";
    private static final String PATH = "jheartbeat.resources." + SECTION;

    KernelSettings {
        exports = List.copyOf(exports);
    }

    /**
     * @param resources the {@code jheartbeat.resources} section
     * @throws IllegalArgumentException naming the setting when a value is missing or malformed
     */
    static KernelSettings from(Config resources) {
        String key = "";
        try {
            Config section = resources.getConfig(SECTION);
            key = "state-directory";
            Path stateDirectory = PathArguments.absolute(section.getString(key), key);
            key = "shared-state-directory";
            Optional<Path> shared = PathArguments.optionalAbsolute(section.getString(key), key);
            key = "notify-name";
            Optional<String> notifyName = NotifyName.parse(section.getString(key));
            key = "service-manager";
            ServiceManager manager = ServiceManager.parse(section.getString(key).toLowerCase(Locale.ROOT));
            key = "statd";
            boolean statd = section.getBoolean(key);
            key = "notify";
            boolean notifyClients = section.getBoolean(key);
            key = "exports";
            List<NfsExport> exports = exports(section.getConfigList(key));
            key = "probe-address";
            RpcProbe probe = new RpcProbe(section.getString(key), section.getInt("port"));
            return new KernelSettings(stateDirectory, shared, notifyName, manager, statd, notifyClients, exports,
                    probe);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + PATH + (key.isEmpty() ? "" : "." + key) + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<NfsExport> exports(List<? extends Config> entries) {
        List<NfsExport> exports = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            Config entry = entries.get(index);
            try {
                exports.add(new NfsExport(Path.of(entry.getString("directory")), entry.getString("client"),
                        entry.getString("options")));
            } catch (ConfigException | IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + index + "]: " + e.getMessage(), e);
            }
        }
        return exports;
    }

    KernelSettings withSharedStateDirectory(Path directory) {
        return new KernelSettings(stateDirectory, Optional.of(directory), notifyName, serviceManager, statd,
                notifyClients, exports, probe);
    }

    KernelSettings withNotifyName(String name) {
        return new KernelSettings(stateDirectory, sharedStateDirectory, Optional.of(name), serviceManager, statd,
                notifyClients, exports, probe);
    }
}
