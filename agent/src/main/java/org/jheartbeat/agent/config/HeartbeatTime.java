package org.jheartbeat.agent.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * heartbeat's time syntax for keepalive, deadtime and friends: a decimal number of seconds ({@code 2},
 * {@code 1.5}) or a number with a unit. heartbeat itself knows {@code ms} and {@code us}; {@code s} is
 * accepted here as well, since it is what people write.
 */
public final class HeartbeatTime {

    private static final Pattern SYNTAX = Pattern.compile(
            "(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|msec|us|usec|s|sec)?", Pattern.CASE_INSENSITIVE);

    private HeartbeatTime() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        double number = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2).toLowerCase();
        double micros = switch (unit) {
            case "ms", "msec" -> number * 1_000;
            case "us", "usec" -> number;
            default -> number * 1_000_000;
        };
        if (micros > Long.MAX_VALUE / 1_000.0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.round(micros * 1_000)));
    }

    /** The shortest faithful spelling: {@code 2s}, {@code 1500ms}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
