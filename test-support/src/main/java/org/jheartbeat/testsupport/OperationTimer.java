package org.jheartbeat.testsupport;

import java.util.function.Supplier;
import org.jheartbeat.resource.OperationResult;

/**
 * Runs a resource's operations and prints how long each took, one line each, as the tests with real tools report
 * their figures: {@code [TAG] WHAT   12.3 ms  RESULT}. The figures are printed, never asserted.
 */
public final class OperationTimer {

    private final String tag;

    /** @param tag names the test in the printed lines, e.g. {@code filesystem} */
    public OperationTimer(String tag) {
        this.tag = tag;
    }

    public OperationResult time(String what, Supplier<OperationResult> operation) {
        long started = System.nanoTime();
        OperationResult result = operation.get();
        System.out.printf("[%s] %-50s %7.1f ms  %s%n", tag, what, (System.nanoTime() - started) / 1e6, result);
        return result;
    }
}
