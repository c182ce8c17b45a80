package org.jheartbeat.resources.ipaddr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jheartbeat.resource.host.Network;

/**
 * Where exactly an address goes on this node: everything adding it needs.
 *
 * @param broadcast the broadcast address written in haresources; when empty it is derived from the prefix (IPv4)
 */
public record AddressAssignment(InetAddress address, int prefixLength, String device, Optional<String> label,
                        Optional<InetAddress> broadcast) {

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** IPv4 prefixes up to /30 have a broadcast address, as iproute2's {@code broadcast +} derives it. */
    private static final int LONGEST_PREFIX_WITH_BROADCAST = 30;

    /**
     * The address as it is added: an IPv4 address without a written broadcast gets the one its prefix implies (the
     * host part all ones) where the prefix leaves room for one; an IPv6 address skips the kernel's duplicate address
     * detection ({@code nodad}, as IPaddr2's option of that name): start has already asked the segment, and a
     * tentative address would be unusable for the second the kernel's check takes.
     */
    public Network.NewAddress toAdd() {
        Optional<InetAddress> sent = broadcast;
        if (sent.isEmpty() && !isIpv6() && prefixLength <= LONGEST_PREFIX_WITH_BROADCAST) {
            sent = Optional.of(hostPartAllOnes());
        }
        return new Network.NewAddress(address, prefixLength, device, label, sent, isIpv6());
    }

    private InetAddress hostPartAllOnes() {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
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
