package org.jheartbeat.agent.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's metrics in Prometheus' text exposition format (version 0.0.4). A metric named
 * {@code group.<id>.state}, {@code resource.<id>.<x>} or {@code link.<name>.<x>} becomes
 * {@code jheartbeat_group_state{group="<id>"}} and so on; a gauge whose value is a word (a group's state)
 * becomes a series valued 1 with the word as a {@code state} label; histograms and timers become summaries.
 */
final class PrometheusText {

    private static final Set<String> LABELLED = Set.of("group", "resource", "link");

    private PrometheusText() {
    }

    static String render(MetricRegistry registry) {
        Map<String, StringBuilder> families = new TreeMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            Series series = Series.of(entry.getKey());
            Metric metric = entry.getValue();
            StringBuilder family = families.computeIfAbsent(series.name(), name -> new StringBuilder());
            if (metric instanceof Gauge<?> gauge) {
                Object value = gauge.getValue();
                if (family.length() == 0) {
                    family.append("# TYPE ").append(series.name()).append(" gauge\n");
                }
                if (value instanceof Number number) {
                    family.append(series.name()).append(series.labels("")).append(' ').append(number).append('\n');
                } else {
                    family.append(series.name()).append(series.labels("state=\"" + escape(String.valueOf(value))
                            + "\"")).append(" 1\n");
                }
            } else if (metric instanceof Counter counter) {
                if (family.length() == 0) {
                    family.append("# TYPE ").append(series.name()).append(" counter\n");
                }
                family.append(series.name()).append(series.labels("")).append(' ').append(counter.getCount())
                        .append('\n');
            } else if (metric instanceof Sampling sampling) {
                if (family.length() == 0) {
                    family.append("# TYPE ").append(series.name()).append(" summary\n");
                }
                double toUnit = metric instanceof Timer ? 1e-6 : 1;
                Snapshot snapshot = sampling.getSnapshot();
                for (double quantile : new double[] {0.5, 0.99}) {
                    family.append(series.name()).append(series.labels("quantile=\"" + quantile + "\"")).append(' ')
                            .append(snapshot.getValue(quantile) * toUnit).append('\n');
                }
                long count = metric instanceof com.codahale.metrics.Counting counting ? counting.getCount() : 0;
                family.append(series.name()).append("_count").append(series.labels("")).append(' ').append(count)
                        .append('\n');
            }
        }
        StringBuilder text = new StringBuilder();
        families.values().forEach(text::append);
        return text.toString();
    }

    /** A registry name split into a Prometheus metric name and its one label. */
    private record Series(String name, String labelName, String labelValue) {

        static Series of(String registryName) {
            int first = registryName.indexOf('.');
            int last = registryName.lastIndexOf('.');
            String kind = first < 0 ? "" : registryName.substring(0, first);
            if (LABELLED.contains(kind) && last > first) {
                return new Series(sanitize("jheartbeat_" + kind + "_" + registryName.substring(last + 1)), kind,
                        registryName.substring(first + 1, last));
            }
            return new Series(sanitize("jheartbeat_" + registryName), "", "");
        }

        String labels(String extra) {
            String own = labelName.isEmpty() ? "" : labelName + "=\"" + escape(labelValue) + "\"";
            String all = own.isEmpty() ? extra : extra.isEmpty() ? own : own + "," + extra;
            return all.isEmpty() ? "" : "{" + all + "}";
        }
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
