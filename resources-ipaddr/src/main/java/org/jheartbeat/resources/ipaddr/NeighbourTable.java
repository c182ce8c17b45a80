package org.jheartbeat.resources.ipaddr;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The kernel's IPv4 neighbour (ARP) table on this node: what a duplicate check learns without running a tool. The
 * kernel asks the segment for an address it has no entry for as soon as a datagram is sent to it, and keeps the
 * answer (or the unanswered question) in the table.
 */
interface NeighbourTable {

    /** One entry: complete once someone answered, with the answering link-layer address. */
    record Neighbour(boolean complete, String mac) {
    }

    /** The entry for {@code address} on {@code device}, if the table holds one. */
    Optional<Neighbour> find(InetAddress address, String device) throws IOException;

    /** Sends one datagram to {@code address}, so that the kernel asks the segment who holds it. */
    void solicit(InetAddress address) throws IOException;
}
