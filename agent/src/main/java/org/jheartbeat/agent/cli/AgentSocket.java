package org.jheartbeat.agent.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.ConfigSources;

/**
 * Where hbctl, cl_status, hb_standby and hb_takeover all find the agent's control socket, and why they could not
 * reach it when the file system stopped them.
 */
final class AgentSocket {

    static final String ENVIRONMENT = "JHEARTBEAT_CONTROL_SOCKET";
    private static final String SETTING = "jheartbeat.control-socket";

    private AgentSocket() {
    }

    /** {@code $JHEARTBEAT_CONTROL_SOCKET}, else jheartbeat.conf's control-socket, else the agent's default. */
    static Path locate() {
        return locate(System.getenv(), ConfigSources.DEFAULT_SETTINGS);
    }

    static Path locate(Map<String, String> environment, Path settings) {
        String named = environment.get(ENVIRONMENT);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        return configured(settings).orElse(ControlClient.DEFAULT_SOCKET);
    }

    /**
     * The socket jheartbeat.conf names. The file is parsed only where a line that is not a comment mentions the
     * key, so the usual file (every key commented out) costs a status query no HOCON parsing. A file this user may
     * not read, or that does not parse, names nothing: the agent would not have started from it either, and
     * {@code hbctl config check} is where its errors are told.
     */
    private static Optional<Path> configured(Path settings) {
        try {
            boolean mentioned = Files.readAllLines(settings).stream().map(String::strip)
                    .anyMatch(line -> !line.startsWith("#") && !line.startsWith("//") && line.contains("control-socket"));
            if (!mentioned) {
                return Optional.empty();
            }
            Config config = ConfigFactory.parseFile(settings.toFile()).resolve();
            return config.hasPath(SETTING) ? Optional.of(Path.of(config.getString(SETTING))) : Optional.empty();
        } catch (IOException | ConfigException e) {
            return Optional.empty();
        }
    }

    /**
     * Why this user cannot reach {@code socket}, when the reason is a directory on its way it may not search or the
     * socket it may not write: the owner, group and mode, and who may. Empty when the permissions are not the cause.
     */
    static Optional<String> denial(Path socket) {
        Path absolute = socket.toAbsolutePath();
        Path directory = absolute.getRoot();
        for (Path name : absolute.getParent()) {
            directory = directory.resolve(name);
            if (Files.isDirectory(directory) && !Files.isExecutable(directory)) {
                return Optional.of(refusedBy(directory, PosixFilePermission.GROUP_EXECUTE, socket));
            }
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            return Optional.of(refusedBy(absolute, PosixFilePermission.GROUP_WRITE, socket));
        }
        return Optional.empty();
    }

    private static String refusedBy(Path path, PosixFilePermission groupNeeds, Path socket) {
        String user = ProcessHandle.current().info().user().orElse("this user");
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class);
            String owner = attributes.owner().getName();
            String group = attributes.group().getName();
            String who = attributes.permissions().contains(groupNeeds)
                    ? "only " + owner + " and the members of group " + group + " may reach the agent there (add "
                            + user + " to group " + group + ", or run as root)"
                    : "only " + owner + " may reach the agent there (run as root)";
            return "permission denied: " + user + " may not reach " + socket + ": " + path + " is "
                    + (Files.isDirectory(path) ? "d" : "s") + PosixFilePermissions.toString(attributes.permissions())
                    + " " + owner + " " + group + "; " + who;
        } catch (IOException | UnsupportedOperationException e) {
            return "permission denied: " + user + " may not reach " + socket + " (" + path + ")";
        }
    }
}
