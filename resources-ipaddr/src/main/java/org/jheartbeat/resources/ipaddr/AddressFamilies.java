package org.jheartbeat.resources.ipaddr;

/**
 * Which address families a resource type accepts, and so which argument forms: heartbeat's {@code IPaddr}
 * is IPv4 only, {@code IPaddr2} takes both, {@code IPv6addr} takes IPv6 with {@code addr[/prefix[/device]]}.
 */
public enum AddressFamilies {
    IPV4_ONLY(true, false),
    IPV4_AND_IPV6(true, true),
    IPV6_ONLY(false, true);

    private final boolean ipv4;
    private final boolean ipv6;

    AddressFamilies(boolean ipv4, boolean ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public boolean acceptsIpv4() {
        return ipv4;
    }

    public boolean acceptsIpv6() {
        return ipv6;
    }

    String expected() {
        return ipv4 && ipv6 ? "an IPv4 or IPv6 address" : ipv4 ? "an IPv4 address" : "an IPv6 address";
    }
}
