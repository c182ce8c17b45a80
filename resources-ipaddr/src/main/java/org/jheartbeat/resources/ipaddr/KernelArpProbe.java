package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A duplicate check of an IPv4 address through the kernel's own ARP, with no tool to start: one datagram to the
 * address makes the kernel broadcast an ARP request for it (from this node's own address on the link), and the
 * neighbour table shows within the wait whether anyone answered. It can tell only where the kernel really asked on
 * the placement's interface: not when the table already held an entry for the address (the kernel would use it
 * instead of asking), nor when the address is not on a subnet of that interface (the datagram would go to a
 * gateway). Then the answer is empty and the caller asks with a tool. The question and the answer are two steps
 * ({@link #request}, {@link Request#answer}), so a start can do other work while the wait passes.
 */
final class KernelArpProbe {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final NeighbourTable table;

    KernelArpProbe(NeighbourTable table) {
        this.table = table;
    }

    /** What the segment said within {@code wait}; empty when the kernel's table cannot tell. */
    Optional<ProbeAnswer> ask(AddressAssignment placement, Duration wait) throws InterruptedException {
        Optional<Request> request = request(placement, wait);
        return request.isPresent() ? request.get().answer() : Optional.empty();
    }

    /**
     * Has the kernel ask now; the answer is due {@code wait} from now. Empty when the table cannot tell: it already
     * holds the address, or cannot be read.
     */
    Optional<Request> request(AddressAssignment placement, Duration wait) {
        try {
            if (table.find(placement.address(), placement.device()).isPresent()) {
                return Optional.empty();
            }
            long end = System.nanoTime() + wait.toNanos();
            table.solicit(placement.address());
            return Optional.of(new Request(placement, end));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A request the kernel sent for one placement. */
    final class Request {
        private final AddressAssignment placement;
        private final long endNanos;

        private Request(AddressAssignment placement, long endNanos) {
            this.placement = placement;
            this.endNanos = endNanos;
        }

        AddressAssignment placement() {
            return placement;
        }

        /**
         * What the segment said by the end of the wait, waiting out what is left of it unless answered first; empty
         * when the table cannot tell.
         */
        Optional<ProbeAnswer> answer() throws InterruptedException {
            try {
                while (true) {
                    Optional<NeighbourTable.Neighbour> entry = table.find(placement.address(), placement.device());
                    if (entry.isPresent() && entry.get().complete()) {
                        return Optional.of(new ProbeAnswer.Holder(entry.get().mac()));
                    }
                    long left = endNanos - System.nanoTime();
                    if (left <= 0) {
                        return entry.map(unanswered -> new ProbeAnswer.Nobody());
                    }
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
