package org.jheartbeat.resources.ipaddr;

import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.ResourceType;

/** {@code IPaddr}, {@code IPaddr2} or {@code IPv6addr}: one name, the address families it accepts. */
public final class VirtualAddressType implements ResourceType {

    private final String name;
    private final AddressFamilies families;
    private final NeighbourTable neighbours;

    public VirtualAddressType(String name, AddressFamilies families) {
        this(name, families, new ProcNetArp());
    }

    /** @param neighbours the kernel's ARP table, which a quick duplicate check reads */
    VirtualAddressType(String name, AddressFamilies families, NeighbourTable neighbours) {
        this.name = name;
        this.families = families;
        this.neighbours = neighbours;
    }

    /** Which address families this name accepts. */
    AddressFamilies families() {
        return families;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Resource create(ResourceSpec spec, ResourceContext context) throws InvalidResourceException {
        if (!spec.type().equals(name)) {
            throw new InvalidResourceException(spec.id() + ": handed to resource type " + name);
        }
        VirtualAddress wanted = VirtualAddressParser.parse(spec, families);
        IpAddrSettings settings;
        try {
            settings = IpAddrSettings.from(context.settings());
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(spec.id() + ": " + e.getMessage());
        }
        return new VirtualAddressResource(spec, wanted, settings, context.commands(), context.network(), neighbours);
    }
}
