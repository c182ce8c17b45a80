package org.jheartbeat.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the configuration is read from and who this node is.
 *
 * @param configDir    the heartbeat directory; empty to search {@link #SEARCH_PATH}
 * @param settingsFile jheartbeat.conf; a missing file means all defaults
 * @param localNode    this node's name; empty for heartbeat's rule ({@code nodeinfo}, else {@code uname -n})
 * @param authkeysOwner the user authkeys must belong to: the user the agent runs as
 */
public record ConfigSources(Optional<Path> configDir, Path settingsFile, Optional<String> localNode,
                            String authkeysOwner) {

    /** heartbeat's directory, then the older Debian layout the seed uses. */
    public static final List<Path> SEARCH_PATH = List.of(Path.of("/etc/ha.d"), Path.of("/etc/heartbeat"));
    public static final Path DEFAULT_SETTINGS = Path.of("/etc/jheartbeat/jheartbeat.conf");

    /** The sources a daemon started with no options uses. */
    public static ConfigSources defaults() {
        return new ConfigSources(Optional.empty(), DEFAULT_SETTINGS, Optional.empty(), currentUser());
    }

    public ConfigSources withConfigDir(Path dir) {
        return new ConfigSources(Optional.of(dir), settingsFile, localNode, authkeysOwner);
    }

    public ConfigSources withSettingsFile(Path file) {
        return new ConfigSources(configDir, file, localNode, authkeysOwner);
    }

    public ConfigSources withLocalNode(String node) {
        return new ConfigSources(configDir, settingsFile, Optional.of(node), authkeysOwner);
    }

    /** The directory to read: the one given, else the first of the search path that has an ha.cf. */
    Optional<Path> resolveConfigDir() {
        return resolveConfigDir(SEARCH_PATH);
    }

    Optional<Path> resolveConfigDir(List<Path> searchPath) {
        if (configDir.isPresent()) {
            return configDir;
        }
        return searchPath.stream().filter(dir -> Files.isRegularFile(dir.resolve("ha.cf"))).findFirst();
    }

    /** As heartbeat: the first line of {@code nodeinfo} in the config directory, else the kernel's node name. */
    String resolveLocalNode(Path dir) throws IOException {
        if (localNode.isPresent()) {
            return localNode.get().toLowerCase(Locale.ROOT);
        }
        Path nodeinfo = dir.resolve("nodeinfo");
        if (Files.isRegularFile(nodeinfo)) {
            Optional<String> first = Files.readAllLines(nodeinfo).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).findFirst();
            if (first.isPresent()) {
                return first.get().toLowerCase(Locale.ROOT);
            }
        }
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip().toLowerCase(Locale.ROOT);
    }

    private static String currentUser() {
        return System.getProperty("user.name");
    }
}
