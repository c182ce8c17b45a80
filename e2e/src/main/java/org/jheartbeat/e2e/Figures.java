package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Measurements of one quantity over several runs, summarised as min / median / max. */
final class Figures {

    private final List<Long> values = new ArrayList<>();
    private int failed;

    void add(long value) {
        values.add(value);
    }

    /** A run that did not produce this figure (the service never came back within the bound). */
    void missed() {
        failed++;
    }

    String summary() {
        if (values.isEmpty()) {
            return "n/a" + (failed > 0 ? " (" + failed + " failed)" : "");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int size = sorted.size();
        long median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        return sorted.get(0) + " / " + median + " / " + sorted.get(size - 1) + (failed > 0 ? " (" + failed + " failed)" : "");
    }
}
