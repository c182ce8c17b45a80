package org.jheartbeat.resource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One OS tool invocation: an argument vector (never a shell string), a timeout, the environment variables to
 * add to the runner's clean base environment, and the secrets among the arguments (a CHAP password), which
 * {@link #display()}, and so every log line and error message, shows as {@code ****}.
 */
public record Command(List<String> argv, Duration timeout, Map<String, String> environment, Set<String> secrets) {

    private static final String MASK = "****";

    public Command(List<String> argv, Duration timeout, Map<String, String> environment) {
        this(argv, timeout, environment, Set.of());
    }

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
        secrets = Set.copyOf(secrets);
        if (secrets.contains("")) {
            throw new IllegalArgumentException("an empty secret would mask everything");
        }
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout, Map.of());
    }

    public static Command of(Duration timeout, List<String> argv) {
        return new Command(argv, timeout, Map.of());
    }

    public Command withEnvironment(Map<String, String> extra) {
        return new Command(argv, timeout, extra, secrets);
    }

    /** The same command with {@code secret} never shown in its display. */
    public Command withSecret(String secret) {
        Set<String> more = new HashSet<>(secrets);
        more.add(secret);
        return new Command(argv, timeout, environment, more);
    }

    /** The same command with another timeout (e.g. bounded by what is left of an operation). */
    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, newTimeout, environment, secrets);
    }

    /** The same command run through another argument vector (e.g. prefixed to enter a namespace). */
    public Command withArgv(List<String> newArgv) {
        return new Command(newArgv, timeout, environment, secrets);
    }

    /** {@code text} (what the tool said, say) with every secret of this command shown as {@code ****}. */
    public String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** The command line as a person would type it, for logs and error messages. */
    public String display() {
        StringBuilder line = new StringBuilder();
        for (String raw : argv) {
            String arg = mask(raw);
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean plain = !arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=,@%+".indexOf(c) >= 0);
            line.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
