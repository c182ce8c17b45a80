package org.jheartbeat.resources.iscsi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A client that reads the same block over and over in a thread of its own, each read a fresh iSCSI login by
 * qemu-io (bounded by {@code timeout -s KILL}, since a libiscsi client can hang on a vanished target), and
 * remembers when each read ended and whether it returned the expected pattern. The client-visible outage of a
 * failover is the longest gap between two good reads.
 */
final class ClientReads implements AutoCloseable {

    record Read(long endNanos, boolean good) {
    }

    private final BooleanSupplier read;
    private final List<Read> reads = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param read one read, true when it returned the expected data */
    ClientReads(BooleanSupplier read) {
        this.read = read;
        this.thread = new Thread(this::loop, "iscsi-client-reads");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            boolean good = read.getAsBoolean();
            synchronized (reads) {
                reads.add(new Read(System.nanoTime(), good));
            }
        }
    }

    /** Waits until a good read ends after {@code sinceNanos}; false when none came within {@code wait}. */
    boolean awaitGoodReadAfter(long sinceNanos, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (reads) {
                if (reads.stream().anyMatch(r -> r.good() && r.endNanos() > sinceNanos)) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** The longest time between two consecutive good reads, and how many reads failed in between. */
    Outage longestGap() {
        synchronized (reads) {
            long previous = -1;
            long longest = 0;
            int failedInLongest = 0;
            int failedSincePrevious = 0;
            for (Read r : reads) {
                if (!r.good()) {
                    failedSincePrevious++;
                    continue;
                }
                if (previous >= 0 && r.endNanos() - previous > longest) {
                    longest = r.endNanos() - previous;
                    failedInLongest = failedSincePrevious;
                }
                previous = r.endNanos();
                failedSincePrevious = 0;
            }
            return new Outage(Duration.ofNanos(longest), failedInLongest, reads.size());
        }
    }

    record Outage(Duration gap, int failedReads, int totalReads) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
