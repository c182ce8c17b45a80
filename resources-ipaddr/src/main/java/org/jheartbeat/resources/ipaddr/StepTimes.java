package org.jheartbeat.resources.ipaddr;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * How long each step of one start took, for its log line: where a takeover's milliseconds go (the failover
 * benchmark reads them back from the node's syslog).
 */
final class StepTimes {

    private long last = System.nanoTime();
    private final StringJoiner steps = new StringJoiner(", ");

    /** The step that ended now, timed from the end of the one before it (or from this object's creation). */
    void done(String step) {
        long now = System.nanoTime();
        steps.add(String.format(Locale.ROOT, "%s %.1f ms", step, (now - last) / 1e6));
        last = now;
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
