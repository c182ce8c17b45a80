package org.jheartbeat.resources.ipaddr;

import java.util.List;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/** Registers heartbeat's address resource types. */
public final class IpAddrPlugin extends ResourcePlugin {

    @Override
    protected Iterable<ResourceType> types() {
        return List.of(
                new VirtualAddressType("IPaddr", AddressFamilies.IPV4_ONLY),
                new VirtualAddressType("IPaddr2", AddressFamilies.IPV4_AND_IPV6),
                new VirtualAddressType("IPv6addr", AddressFamilies.IPV6_ONLY));
    }
}
