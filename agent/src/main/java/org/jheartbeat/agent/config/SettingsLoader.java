package org.jheartbeat.agent.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads jheartbeat.conf over the merged {@code reference.conf} of the agent and every plugin on the class path.
 * A key that no reference.conf defines is an error (a typo must not silently keep a default), as is a value of
 * the wrong type; both are reported with the file and line.
 */
final class SettingsLoader {

    private static final String ROOT = "jheartbeat";
    /** Sections whose keys are names chosen by the site, not settings. */
    private static final List<String> OPEN_SECTIONS = List.of("jheartbeat.operations.by-type.");
    private static final List<String> OPERATIONS = List.of("start", "stop", "status");

    private SettingsLoader() {
    }

    /**
     * @param file the site's settings; a missing file means all defaults
     */
    static Optional<Settings> load(Path file, ClassLoader plugins, Problems problems) {
        Config reference = ConfigFactory.defaultReference(plugins);
        Config site;
        try {
            site = Files.exists(file)
                    ? ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    : ConfigFactory.empty();
        } catch (ConfigException e) {
            problems.error(location(e.origin(), file), stripOrigin(e));
            return Optional.empty();
        }
        int errorsBefore = problems.errorCount();
        for (Map.Entry<String, ConfigValue> entry : site.entrySet()) {
            String path = entry.getKey();
            if (!reference.hasPathOrNull(path) && OPEN_SECTIONS.stream().noneMatch(path::startsWith)) {
                problems.error(location(entry.getValue().origin(), file), "unknown setting " + path
                        + (path.startsWith(ROOT + ".") ? "" : " (settings go inside jheartbeat { ... })"));
            }
        }
        Config merged = site.withFallback(reference).resolve();
        try {
            merged.checkValid(reference, ROOT);
        } catch (ConfigException.ValidationFailed e) {
            for (ConfigException.ValidationProblem problem : e.problems()) {
                problems.error(location(problem.origin(), file), problem.path() + ": " + problem.problem());
            }
        }
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return typed(merged.getConfig(ROOT), file, problems);
    }

    private static Optional<Settings> typed(Config config, Path file, Problems problems) {
        int errorsBefore = problems.errorCount();
        try {
            Settings.FencingMethod method = fencingMethod(config, file, problems);
            List<String> command = config.getStringList("fencing.command");
            if (method == Settings.FencingMethod.COMMAND && command.isEmpty()) {
                problems.error(location(config.getValue("fencing.method").origin(), file),
                        "fencing.method = command needs fencing.command = [\"/path/to/program\", ...]");
            }
            String stackFile = config.getString("transport.stack-file");
            int port = config.getInt("metrics.prometheus.port");
            if (port < 1 || port > 65535) {
                problems.error(location(config.getValue("metrics.prometheus.port").origin(), file),
                        "metrics.prometheus.port " + port + " is not a port number (1-65535)");
            }
            int maxRestarts = config.getInt("monitor.max-restarts");
            if (maxRestarts < 0) {
                problems.error(location(config.getValue("monitor.max-restarts").origin(), file),
                        "monitor.max-restarts must be 0 or more");
            }
            Settings.OperationTimeouts operations = operations(config, file, problems);
            Duration interval = positive(config, "monitor.interval", file, problems);
            if (method == null || problems.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            return Optional.of(new Settings(
                    Path.of(config.getString("control-socket")),
                    Path.of(config.getString("state-directory")),
                    operations,
                    new Settings.Monitor(config.getBoolean("monitor.enabled"), interval, maxRestarts),
                    new Settings.Fencing(method, command),
                    new Settings.Transport(stackFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(stackFile))),
                    new Settings.Metrics(config.getBoolean("metrics.jmx"),
                            config.getBoolean("metrics.prometheus.enabled"),
                            config.getString("metrics.prometheus.address"), port),
                    config.getConfig("resources")));
        } catch (ConfigException e) {
            problems.error(location(e.origin(), file), stripOrigin(e));
            return Optional.empty();
        }
    }

    private static Settings.FencingMethod fencingMethod(Config config, Path file, Problems problems) {
        String word = config.getString("fencing.method");
        try {
            return Settings.FencingMethod.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.error(location(config.getValue("fencing.method").origin(), file),
                    "fencing.method '" + word + "' must be halt, poweroff, reboot or command");
            return null;
        }
    }

    private static Settings.OperationTimeouts operations(Config config, Path file, Problems problems) {
        Map<String, Map<String, Duration>> byType = new HashMap<>();
        Config types = config.getConfig("operations.by-type");
        for (String type : types.root().keySet()) {
            Map<String, Duration> timeouts = new HashMap<>();
            Config typeConfig = types.getConfig(ConfigUtil.joinPath(type));
            for (String operation : typeConfig.root().keySet()) {
                String path = "operations.by-type." + ConfigUtil.joinPath(type) + "." + ConfigUtil.joinPath(operation);
                if (!OPERATIONS.contains(operation)) {
                    problems.error(location(config.getValue(path).origin(), file), "operations.by-type." + type
                            + ": unknown operation '" + operation + "' (start, stop or status)");
                    continue;
                }
                timeouts.put(operation, positive(config, path, file, problems));
            }
            byType.put(type, timeouts);
        }
        return new Settings.OperationTimeouts(positive(config, "operations.start", file, problems),
                positive(config, "operations.stop", file, problems),
                positive(config, "operations.status", file, problems), byType);
    }

    private static Duration positive(Config config, String path, Path file, Problems problems) {
        Duration duration = config.getDuration(path);
        if (duration.isNegative() || duration.isZero()) {
            problems.error(location(config.getValue(path).origin(), file), path + " must be longer than zero");
        }
        return duration;
    }

    private static SourceLocation location(ConfigOrigin origin, Path file) {
        if (origin == null) {
            return SourceLocation.wholeFile(file);
        }
        Path where = origin.filename() != null ? Path.of(origin.filename()) : file;
        return new SourceLocation(where, Math.max(origin.lineNumber(), 0));
    }

    /** typesafe-config prefixes messages with the origin, which the location already gives. */
    private static String stripOrigin(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }
}
