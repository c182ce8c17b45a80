package org.jheartbeat.resources.ipaddr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Where exactly an address goes on this node: everything {@code ip addr add} needs.
 *
 * @param broadcast the broadcast address written in haresources; when empty iproute2 derives it (IPv4)
 */
public record AddressAssignment(InetAddress address, int prefixLength, String device, Optional<String> label,
                        Optional<InetAddress> broadcast) {

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** {@code address/prefix} as iproute2 takes it. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return cidr() + " on " + device + label.map(name -> " label " + name).orElse("");
    }
}
