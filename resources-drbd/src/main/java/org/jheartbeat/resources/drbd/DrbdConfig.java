package org.jheartbeat.resources.drbd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources of a drbd.conf and everything it includes, in any DRBD generation's syntax: 0.7
 * ({@code incon-degr-cmd} at resource level, devices inside {@code on} sections), 8.x ({@code common}
 * defaults, {@code handlers}, {@code include "drbd.d/*.res"}) and 9.x ({@code volume} and
 * {@code device minor N}). Only the settings jheartbeat acts on are kept; everything else is DRBD's business.
 */
public record DrbdConfig(Path file, Map<String, DrbdResourceConfig> resources) {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

    public DrbdConfig {
        // Kept in file order: "drbddisk" without a name works on all of them in that order.
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    public static DrbdConfig load(Path file) throws DrbdConfigException {
        List<ConfigStatement> statements = ConfigReader.read(file);
        Sections defaults = new Sections();
        for (ConfigStatement statement : statements) {
            if (statement.keyword().equals("common") && statement.isBlock()) {
                defaults.read(statement.body());
            }
        }
        Map<String, DrbdResourceConfig> resources = new LinkedHashMap<>();
        for (ConfigStatement statement : statements) {
            if (statement.keyword().equals("resource")) {
                DrbdResourceConfig resource = resource(statement, defaults);
                DrbdResourceConfig earlier = resources.putIfAbsent(resource.name(), resource);
                if (earlier != null) {
                    throw new DrbdConfigException(statement.where() + ": resource " + resource.name()
                            + " is already defined at " + earlier.where());
                }
            }
        }
        return new DrbdConfig(file, resources);
    }

    public Optional<DrbdResourceConfig> resource(String name) {
        return Optional.ofNullable(resources.get(name));
    }

    private static DrbdResourceConfig resource(ConfigStatement statement, Sections defaults) throws DrbdConfigException {
        if (statement.arguments().size() != 1 || !statement.isBlock()) {
            throw new DrbdConfigException(statement.where() + ": expected 'resource <name> { ... }'");
        }
        Sections own = defaults.copy();
        own.read(statement.body());
        List<String> hosts = new ArrayList<>();
        List<Integer> sharedMinors = new ArrayList<>();
        Map<String, List<Integer>> hostMinors = new HashMap<>();
        for (ConfigStatement inner : statement.body()) {
            switch (inner.keyword()) {
                case "device", "volume" -> collectMinors(inner, sharedMinors);
                case "on" -> {
                    List<Integer> minors = new ArrayList<>();
                    for (ConfigStatement hostStatement : body(inner)) {
                        collectMinors(hostStatement, minors);
                    }
                    for (String host : inner.arguments()) {
                        hosts.add(host);
                        hostMinors.put(host, List.copyOf(minors));
                    }
                }
                default -> {
                    // protocol, disk, net, syncer, options, connection-mesh ... configure DRBD itself.
                }
            }
        }
        return new DrbdResourceConfig(statement.arguments().get(0), statement.where(), own.wfcTimeout,
                own.degrWfcTimeout, own.inconDegrCmd, own.handlers, hosts, sharedMinors, hostMinors, own.fencing);
    }

    private static List<ConfigStatement> body(ConfigStatement statement) throws DrbdConfigException {
        if (!statement.isBlock()) {
            throw new DrbdConfigException(statement.where() + ": '" + statement.keyword() + "' needs a { ... } block");
        }
        return statement.body();
    }

    private static void collectMinors(ConfigStatement statement, List<Integer> minors) throws DrbdConfigException {
        if (statement.keyword().equals("volume")) {
            for (ConfigStatement inner : body(statement)) {
                collectMinors(inner, minors);
            }
        } else if (statement.keyword().equals("device")) {
            minors.add(minor(statement));
        }
    }

    /** {@code device /dev/drbd0;}, {@code device minor 0;} or {@code device "/dev/name" minor 0;}. */
    private static int minor(ConfigStatement device) throws DrbdConfigException {
        List<String> arguments = device.arguments();
        int keyword = arguments.indexOf("minor");
        String number = keyword >= 0 && keyword + 1 < arguments.size() ? arguments.get(keyword + 1) : null;
        if (number == null && arguments.size() == 1) {
            Matcher trailing = TRAILING_NUMBER.matcher(arguments.get(0));
            number = trailing.find() ? trailing.group(1) : null;
        }
        if (number == null || !number.chars().allMatch(Character::isDigit)) {
            throw new DrbdConfigException(device.where() + ": cannot tell the device minor from 'device "
                    + String.join(" ", arguments) + "'");
        }
        return Integer.parseInt(number);
    }

    /** The settings that {@code common} provides and a resource may override. */
    private static final class Sections {
        private Optional<Duration> wfcTimeout = Optional.empty();
        private Optional<Duration> degrWfcTimeout = Optional.empty();
        private Optional<String> inconDegrCmd = Optional.empty();
        private Optional<String> fencing = Optional.empty();
        private final Map<String, String> handlers = new LinkedHashMap<>();

        Sections copy() {
            Sections copy = new Sections();
            copy.wfcTimeout = wfcTimeout;
            copy.degrWfcTimeout = degrWfcTimeout;
            copy.inconDegrCmd = inconDegrCmd;
            copy.fencing = fencing;
            copy.handlers.putAll(handlers);
            return copy;
        }

        void read(List<ConfigStatement> body) throws DrbdConfigException {
            for (ConfigStatement statement : body) {
                switch (statement.keyword()) {
                    case "incon-degr-cmd" -> inconDegrCmd = Optional.of(single(statement));
                    case "startup" -> readStartup(DrbdConfig.body(statement));
                    case "disk", "net" -> {
                        // "disk /dev/sdb1;" (no block) names the backing device, which is DRBD's own business.
                        if (statement.isBlock()) {
                            readFencing(statement.body());
                        }
                    }
                    case "handlers" -> {
                        for (ConfigStatement handler : DrbdConfig.body(statement)) {
                            handlers.put(handler.keyword(), single(handler));
                        }
                    }
                    default -> {
                        // Not a setting jheartbeat acts on.
                    }
                }
            }
        }

        private void readFencing(List<ConfigStatement> section) throws DrbdConfigException {
            for (ConfigStatement statement : section) {
                if (statement.keyword().equals("fencing")) {
                    fencing = Optional.of(single(statement));
                }
            }
        }

        private void readStartup(List<ConfigStatement> startup) throws DrbdConfigException {
            for (ConfigStatement statement : startup) {
                switch (statement.keyword()) {
                    case "wfc-timeout" -> wfcTimeout = Optional.of(seconds(statement));
                    case "degr-wfc-timeout" -> degrWfcTimeout = Optional.of(seconds(statement));
                    default -> {
                        // outdated-wfc-timeout, become-primary-on ... belong to DRBD's init script.
                    }
                }
            }
        }

        private static String single(ConfigStatement statement) throws DrbdConfigException {
            if (statement.isBlock() || statement.arguments().size() != 1) {
                throw new DrbdConfigException(statement.where() + ": '" + statement.keyword()
                        + "' takes exactly one value");
            }
            return statement.arguments().get(0);
        }

        private static Duration seconds(ConfigStatement statement) throws DrbdConfigException {
            String value = single(statement);
            if (value.isEmpty() || !value.chars().allMatch(Character::isDigit) || value.length() > 9) {
                throw new DrbdConfigException(statement.where() + ": '" + statement.keyword()
                        + "' must be a whole number of seconds, not '" + value + "'");
            }
            return Duration.ofSeconds(Long.parseLong(value));
        }
    }
}
