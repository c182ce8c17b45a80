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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.fencing.FencingMethod;
import org.jheartbeat.agent.fencing.FencingSettings;
import org.jheartbeat.agent.group.GroupPolicy;
import org.jheartbeat.agent.group.MonitorPolicy;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.agent.group.StopRetryPolicy;

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
        List<Map.Entry<String, ConfigValue>> entries = site.entrySet().stream()
                .sorted(Comparator.comparingInt(entry -> entry.getValue().origin().lineNumber())).toList();
        for (Map.Entry<String, ConfigValue> entry : entries) {
            String path = entry.getKey();
            if (!reference.hasPathOrNull(path) && OPEN_SECTIONS.stream().noneMatch(path::startsWith)) {
                problems.error(location(entry.getValue().origin(), file), "unknown setting " + path
                        + (path.startsWith(ROOT + ".") ? Spelling.didYouMean(path, reference.entrySet().stream()
                                .map(Map.Entry::getKey).toList()) : " (settings go inside jheartbeat { ... })"));
            }
        }
        Config merged;
        try {
            merged = site.withFallback(reference).resolve();
        } catch (ConfigException e) {
            // e.g. ${x} naming nothing: HOCON substitutions resolve only here
            problems.error(location(e.origin(), file), stripOrigin(e));
            return Optional.empty();
        }
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
        Values values = new Values(config, file, problems);
        Optional<FencingMethod> method = values.fencingMethod();
        List<String> command = values.get("fencing.command", Config::getStringList, List.of());
        if (method.filter(FencingMethod.COMMAND::equals).isPresent() && command.isEmpty()) {
            values.error("fencing.method", "fencing.method = command needs fencing.command = "
                    + "[\"/path/to/program\", ...]");
        }
        Duration commandTimeout = values.positive("fencing.command-timeout");
        Duration syncTimeout = values.positive("fencing.sync-timeout");
        String stackFile = values.get("transport.stack-file", Config::getString, "");
        int port = values.get("metrics.prometheus.port", Config::getInt, 1);
        if (port < 1 || port > 65535) {
            values.error("metrics.prometheus.port", "metrics.prometheus.port " + port
                    + " is not a port number (1-65535)");
        }
        int maxRestarts = values.notNegative("monitor.max-restarts");
        int stopRetries = values.notNegative("operations.stop-retries");
        Duration stopRetryDelay = values.positive("operations.stop-retry-delay");
        OperationTimeouts defaults = new OperationTimeouts(values.positive("operations.start"),
                values.positive("operations.stop"), values.positive("operations.status"));
        Map<String, OperationTimeouts> byType = operationsByType(values, defaults);
        Duration overrunGrace = values.positive("operations.overrun-grace");
        Duration failureExpiry = values.positive("failures.expire");
        Duration restartGrace = values.positive("restart.grace");
        Duration interval = values.positive("monitor.interval");
        Duration restartWindow = values.positive("monitor.restart-window");
        boolean monitorEnabled = values.get("monitor.enabled", Config::getBoolean, true);
        List<String> monitoredScripts = values.get("monitor.scripts", Config::getStringList, List.of());
        boolean jmx = values.get("metrics.jmx", Config::getBoolean, true);
        boolean prometheus = values.get("metrics.prometheus.enabled", Config::getBoolean, false);
        String address = values.get("metrics.prometheus.address", Config::getString, "");
        Path controlSocket = values.absolutePath("control-socket");
        Path generationFile = values.absolutePath("transport.generation-file");
        Optional<Path> stack = stackFile.isEmpty() ? Optional.empty() : Optional.of(values.absolutePath("transport.stack-file"));
        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        GroupPolicy groups = new GroupPolicy(defaults, byType,
                new MonitorPolicy(monitorEnabled, interval, maxRestarts, restartWindow, Set.copyOf(monitoredScripts)),
                new StopRetryPolicy(stopRetries, stopRetryDelay), overrunGrace);
        return Optional.of(new Settings(controlSocket, groups, failureExpiry, restartGrace,
                new FencingSettings(method, command, commandTimeout, syncTimeout),
                new Settings.Transport(stack, generationFile), new Settings.Metrics(jmx, prometheus, address, port),
                config.getConfig("resources")));
    }

    /** {@code operations.by-type.TYPE.OPERATION}: each type's timeouts, the defaults where it names none. */
    private static Map<String, OperationTimeouts> operationsByType(Values values, OperationTimeouts defaults) {
        Map<String, OperationTimeouts> byType = new HashMap<>();
        Config types = values.config.getConfig("operations.by-type");
        for (String type : types.root().keySet()) {
            Map<String, Duration> timeouts = new HashMap<>();
            for (String operation : types.getConfig(ConfigUtil.joinPath(type)).root().keySet()) {
                String path = "operations.by-type." + ConfigUtil.joinPath(type) + "." + ConfigUtil.joinPath(operation);
                if (OPERATIONS.contains(operation)) {
                    timeouts.put(operation, values.positive(path));
                } else {
                    values.error(path, "operations.by-type." + type + ": unknown operation '" + operation
                            + "' (start, stop or status)");
                }
            }
            byType.put(type, new OperationTimeouts(timeouts.getOrDefault("start", defaults.start()),
                    timeouts.getOrDefault("stop", defaults.stop()), timeouts.getOrDefault("status", defaults.status())));
        }
        return byType;
    }

    /** Reads typed values one by one, so that every bad value is reported rather than the first. */
    private static final class Values {
        private final Config config;
        private final Path file;
        private final Problems problems;

        Values(Config config, Path file, Problems problems) {
            this.config = config;
            this.file = file;
            this.problems = problems;
        }

        <T> T get(String path, java.util.function.BiFunction<Config, String, T> getter, T fallback) {
            try {
                return getter.apply(config, path);
            } catch (ConfigException e) {
                problems.error(location(e.origin(), file), ROOT + "." + path + ": " + stripOrigin(e));
                return fallback;
            }
        }

        /** The duration, or (with an error recorded) a stand-in that lets the remaining checks run. */
        Duration positive(String path) {
            Duration duration = get(path, Config::getDuration, Duration.ofSeconds(1));
            if (duration.isNegative() || duration.isZero()) {
                error(path, path + " must be longer than zero");
                return Duration.ofSeconds(1);
            }
            return duration;
        }

        Path absolutePath(String path) {
            String text = get(path, Config::getString, "/");
            if (!text.startsWith("/") || text.indexOf('\0') >= 0) {
                error(path, path + " '" + text.replace('\0', '?') + "' must be an absolute path");
                return Path.of("/");
            }
            return Path.of(text);
        }

        /** Empty when not set: each cause then gets heartbeat's method. */
        Optional<FencingMethod> fencingMethod() {
            if (config.getIsNull("fencing.method")) {
                return Optional.empty();
            }
            String word = get("fencing.method", Config::getString, null);
            if (word == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(FencingMethod.parse(word, "fencing.method"));
            } catch (IllegalArgumentException e) {
                error("fencing.method", e.getMessage());
                return Optional.empty();
            }
        }

        int notNegative(String path) {
            int number = get(path, Config::getInt, 0);
            if (number < 0) {
                error(path, path + " must be 0 or more");
            }
            return number;
        }

        void error(String path, String message) {
            problems.error(location(config.getValue(path).origin(), file), message);
        }
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
