package org.jheartbeat.resources.ipaddr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one argument of heartbeat's {@code IPaddr}, {@code IPaddr2} and {@code IPv6addr}, as written in
 * haresources: {@code addr[/prefix[/device[:label]][/broadcast]]}. What is left out is found on the node
 * from its routing table when the address is placed.
 *
 * @param label the iproute2 label ({@code eth0:0}) when the device was written {@code eth0:0}
 */
public record VirtualAddress(InetAddress address, OptionalInt prefixLength, Optional<String> device,
                             Optional<String> label, Optional<InetAddress> broadcast) {

    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(prefixLength, "prefixLength");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(broadcast, "broadcast");
        if (prefixLength.isPresent() && (prefixLength.getAsInt() < 0 || prefixLength.getAsInt() > maxPrefix(address))) {
            throw new IllegalArgumentException("prefix length " + prefixLength.getAsInt() + " out of range for "
                    + address.getHostAddress());
        }
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The address as iproute2 and the neighbour tools write it. */
    public String text() {
        return address.getHostAddress();
    }

    static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }
}
