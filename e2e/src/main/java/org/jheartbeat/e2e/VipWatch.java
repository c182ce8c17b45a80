package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Invariant 1, watched continuously: which nodes carry the virtual address, sampled every 50 ms in a
 * thread of its own; any sample with two holders is kept.
 */
public final class VipWatch implements AutoCloseable {

    private final ClusterLab cluster;
    private final List<String> overlaps = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public VipWatch(ClusterLab cluster) {
        this.cluster = cluster;
        this.thread = new Thread(this::loop, "vip-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            List<String> holders;
            try {
                holders = cluster.vipHolders();
            } catch (RuntimeException e) {
                // A sample that could not be taken (ip overran its timeout on a loaded machine) proves nothing.
                continue;
            }
            if (holders.size() > 1) {
                synchronized (overlaps) {
                    overlaps.add(System.currentTimeMillis() + " " + holders);
                }
            }
        }
    }

    /** The samples that saw more than one holder. */
    public List<String> overlaps() {
        synchronized (overlaps) {
            return List.copyOf(overlaps);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
