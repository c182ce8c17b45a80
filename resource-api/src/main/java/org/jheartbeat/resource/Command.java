package org.jheartbeat.resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One OS tool invocation: an argument vector (never a shell string), a timeout, and the environment
 * variables to add to the runner's clean base environment.
 */
public record Command(List<String> argv, Duration timeout, Map<String, String> environment) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        environment = Map.copyOf(environment);
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout, Map.of());
    }

    public static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, timeout, Map.of());
    }

    public Command withEnvironment(Map<String, String> extra) {
        return new Command(argv, timeout, extra);
    }

    /** The command line as a person would type it, for logs and error messages. */
    public String display() {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean plain = !arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,@%+".indexOf(c) >= 0);
            line.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
