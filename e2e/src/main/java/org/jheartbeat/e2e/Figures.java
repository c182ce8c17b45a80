package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Measurements of one quantity over several runs, summarised as min / median / max. */
final class Figures {

    private final List<Long> values = new ArrayList<>();
    private int failed;

    void add(long value) {
        values.add(value);
    }

    void missed() {
        failed++;
    }

    /** The median, when there is any value. */
    Optional<Long> median() {
        return values.isEmpty() ? Optional.empty() : Optional.of(median(sorted()));
    }

    /** The median alone, as a table prints it. */
    String medianText() {
        return median().map(String::valueOf).orElse("n/a") + failures();
    }

    String summary() {
        if (values.isEmpty()) {
            return "n/a" + failures();
        }
        List<Long> sorted = sorted();
        return sorted.get(0) + " / " + median(sorted) + " / " + sorted.get(sorted.size() - 1) + failures();
    }

    private List<Long> sorted() {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }

    private static long median(List<Long> sorted) {
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private String failures() {
        return failed > 0 ? " (" + failed + " failed)" : "";
    }
}
