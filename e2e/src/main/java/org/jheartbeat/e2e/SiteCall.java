package org.jheartbeat.e2e;

import java.util.Locale;

/**
 * One line of the site scripts' calls log: when, on which node, which script, which action, and whether the call
 * began or ended (with its exit code).
 *
 * @param seconds since the lab was built
 * @param exitCode the exit code of an ended call; -1 for a call's beginning
 */
public record SiteCall(double seconds, String node, String script, String action, boolean ended, int exitCode) {

    /** {@code EPOCH_SECONDS.NANOS NODE SCRIPT ACTION begin} or {@code ... end RC}, as the site script writes it. */
    static SiteCall parse(String line, long originEpochNanos) {
        String[] words = line.strip().split(" ");
        if (words.length < 5) {
            throw new IllegalArgumentException("not a calls log line: " + line);
        }
        String[] time = words[0].split("\\.");
        long epochNanos = Long.parseLong(time[0]) * 1_000_000_000L + Long.parseLong((time[1] + "000000000").substring(0, 9));
        boolean ended = words[4].equals("end");
        return new SiteCall((epochNanos - originEpochNanos) / 1e9, words[1], words[2], words[3], ended,
                ended ? Integer.parseInt(words[5]) : -1);
    }

    /** {@code SECONDS call NODE SCRIPT ACTION begin|end RC}, as a recording keeps it. */
    public String line() {
        return String.format(Locale.ROOT, "%.3f call %s %s %s %s", seconds, node, script, action,
                ended ? "end " + exitCode : "begin");
    }

    /** The inverse of {@link #line()}. */
    public static SiteCall fromRecording(String line) {
        String[] words = line.strip().split(" ");
        boolean ended = words[5].equals("end");
        return new SiteCall(Double.parseDouble(words[0]), words[2], words[3], words[4], ended,
                ended ? Integer.parseInt(words[6]) : -1);
    }

    public boolean succeeded() {
        return ended && exitCode == 0;
    }

    /** {@code NODE SCRIPT ACTION RC}: what a comparison of two runs looks at. */
    public String outcome() {
        return node + " " + script + " " + action + " " + exitCode;
    }
}
