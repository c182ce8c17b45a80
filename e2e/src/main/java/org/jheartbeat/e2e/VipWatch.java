package org.jheartbeat.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Invariant 1, watched continuously: which nodes carry the virtual address, sampled every 50 ms in a
 * thread of its own; every sample is kept, so a test can also ask whether the address ever left its holder. A sample
 * that shows two holders is one confirmed by a second look in the opposite node order; an overlap shorter than the
 * two looks' reads (tens of ms on a loaded machine) can go unseen.
 */
public final class VipWatch implements AutoCloseable {

    private final ClusterLab cluster;
    private final List<Sample> samples = new ArrayList<>();
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
                if (holders.size() > 1) {
                    // A look reads the nodes one after another, so a handover between two reads shows both holders.
                    // Read again the other way round: a node seen holding before and after the other's two reads
                    // held the address while the other did.
                    holders = cluster.vipHoldersReadBackwards();
                }
            } catch (RuntimeException e) {
                // A sample that could not be taken (ip overran its timeout on a loaded machine) proves nothing.
                continue;
            }
            synchronized (samples) {
                samples.add(new Sample(System.currentTimeMillis(), List.copyOf(holders)));
            }
        }
    }

    /** One look at the holders: when (ms since the epoch), and who. */
    public record Sample(long at, List<String> holders) {
        @Override
        public String toString() {
            return at + " " + holders;
        }
    }

    /** The samples that saw more than one holder. */
    public List<String> overlaps() {
        return matching(sample -> sample.holders().size() > 1);
    }

    /** The samples at which the holders were not exactly {@code holders}. */
    public List<String> samplesOtherThan(List<String> holders) {
        return matching(sample -> !sample.holders().equals(holders));
    }

    /**
     * The samples that saw {@code giver} hold the address after one had seen {@code taker} hold it: none when the
     * address, once it moved from the one to the other, never went back or stayed on both (stop before start).
     */
    public List<String> heldByAfterFirstOn(String giver, String taker) {
        synchronized (samples) {
            return samples.stream().dropWhile(sample -> !sample.holders().contains(taker))
                    .filter(sample -> sample.holders().contains(giver)).map(Sample::toString).toList();
        }
    }

    private List<String> matching(Predicate<Sample> wanted) {
        synchronized (samples) {
            return samples.stream().filter(wanted).map(Sample::toString).toList();
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
