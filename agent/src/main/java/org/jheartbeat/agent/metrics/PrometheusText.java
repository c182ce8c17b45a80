package org.jheartbeat.agent.metrics;

import com.codahale.metrics.Snapshot;

/**
 * Prometheus' text exposition format (version 0.0.4), written family by family: {@code # HELP} and {@code # TYPE}
 * first, then the family's samples, each label value escaped. The caller names each family once.
 */
final class PrometheusText {

    static final String PREFIX = "jheartbeat_";
    private final StringBuilder text = new StringBuilder();

    /** Starts a family; {@code type} is counter, gauge or summary, and a counter's name ends in _total. */
    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(PREFIX).append(name).append(' ').append(help.replace("\\", "\\\\")
                .replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** @param labels label names and values, alternating */
    PrometheusText sample(String name, double value, String... labels) {
        text.append(PREFIX).append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                text.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1]))
                        .append('"');
            }
            text.append('}');
        }
        text.append(' ').append(format(value)).append('\n');
        return this;
    }

    /** A summary's samples from a timer's snapshot (nanoseconds) and its exact count and sum (seconds). */
    PrometheusText summary(String name, DurationSummary summary, String... labels) {
        Snapshot snapshot = summary.timer().getSnapshot();
        for (double quantile : new double[] {0.5, 0.99}) {
            String[] withQuantile = java.util.Arrays.copyOf(labels, labels.length + 2);
            withQuantile[labels.length] = "quantile";
            withQuantile[labels.length + 1] = Double.toString(quantile);
            sample(name, snapshot.getValue(quantile) / 1e9, withQuantile);
        }
        sample(name + "_sum", summary.sumSeconds(), labels);
        return sample(name + "_count", summary.timer().getCount(), labels);
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
