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
 * gateway). Then the answer is empty and the caller asks with a tool.
 */
final class KernelArpProbe {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final NeighbourTable table;

    KernelArpProbe(NeighbourTable table) {
        this.table = table;
    }

    /** What the segment said within {@code wait}; empty when the kernel's table cannot tell. */
    Optional<ProbeAnswer> ask(AddressAssignment placement, Duration wait) throws InterruptedException {
        try {
            if (table.find(placement.address(), placement.device()).isPresent()) {
                return Optional.empty();
            }
            long end = System.nanoTime() + wait.toNanos();
            table.solicit(placement.address());
            while (true) {
                Optional<NeighbourTable.Neighbour> entry = table.find(placement.address(), placement.device());
                if (entry.isPresent() && entry.get().complete()) {
                    return Optional.of(new ProbeAnswer.Holder(entry.get().mac()));
                }
                long left = end - System.nanoTime();
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
