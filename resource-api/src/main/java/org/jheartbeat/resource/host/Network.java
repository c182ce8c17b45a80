package org.jheartbeat.resource.host;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The network of the namespace a resource's tools run in, read and changed without starting a tool: the interfaces
 * and their addresses, adding and removing one address, and Ethernet frames sent by this process. An address
 * takeover is one of these calls and a few frames, where a tool would spend tens of milliseconds starting.
 *
 * <p>The agent wires the real one (rtnetlink and a packet socket); test-support ships a strict in-memory one.
 * Every failure is an {@link IOException} whose message says what was asked and what the kernel answered.
 */
public interface Network {

    /** Every interface with its addresses. */
    List<NetInterface> interfaces() throws IOException;

    /** Adds the address; fails when the interface is missing or already holds it. */
    void add(NewAddress address) throws IOException;

    /** Removes the address from the interface; fails when it is not there. */
    void delete(InetAddress address, int prefixLength, String device) throws IOException;

    /**
     * Sends each frame, already addressed (Ethernet header included), on {@code device}. Fails where this process
     * may not send frames (no CAP_NET_RAW): the caller then has a tool send them.
     */
    void send(String device, List<byte[]> frames) throws IOException;

    /**
     * An address to add, as {@code ip addr add} would take it.
     *
     * @param label     the IPv4 label ({@code eth0:0}), which must start with the device's name
     * @param broadcast the IPv4 broadcast address; none is set when empty
     * @param skipDuplicateDetection IPv6 only: the address is usable at once instead of tentative for a second
     *                  ({@code nodad})
     */
    record NewAddress(InetAddress address, int prefixLength, String device, Optional<String> label,
                      Optional<InetAddress> broadcast, boolean skipDuplicateDetection) {

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength + broadcast.map(to -> " broadcast "
                    + to.getHostAddress()).orElse("") + " dev " + device + label.map(name -> " label " + name)
                    .orElse("") + (skipDuplicateDetection ? " nodad" : "");
        }
    }
}
