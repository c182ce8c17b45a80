package org.jheartbeat.agent.membership;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One address the kernel has on an interface, as {@code ip -j addr} lists it.
 *
 * @param secondary whether the kernel marks it secondary: an address added in the subnet of one the interface already
 *                  had, as a virtual address usually is
 * @param broadcast its broadcast address, when it has one
 */
public record InterfaceAddress(InetAddress address, int prefixLength, boolean secondary,
                               Optional<InetAddress> broadcast) {

    public String literal() {
        return address.getHostAddress();
    }
}
