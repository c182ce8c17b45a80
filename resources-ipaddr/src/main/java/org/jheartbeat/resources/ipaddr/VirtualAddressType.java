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
    private final LinkLayer link;
    /** One for every address of this type: its socket is kept open ({@link PacketSocket}). */
    private final PacketSocket packets = new PacketSocket();

    /** Sends an address's first announcement itself where the resource's tools run in this process's network. */
    public VirtualAddressType(String name, AddressFamilies families) {
        this(name, families, new ProcNetArp(), null);
    }

    /**
     * @param neighbours the kernel's ARP table, which a quick duplicate check reads
     * @param link       where an IPv4 address's first announcement is sent from this process; null: a packet socket
     *                   when the resource's command runner shares this process's network, else none (arping sends it)
     */
    VirtualAddressType(String name, AddressFamilies families, NeighbourTable neighbours, LinkLayer link) {
        this.name = name;
        this.families = families;
        this.neighbours = neighbours;
        this.link = link;
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
        LinkLayer through = link != null ? link
                : context.commands().sharesThisProcessNetwork() ? packets : LinkLayer.NONE;
        return new VirtualAddressResource(spec, wanted, settings, context.commands(), neighbours, through);
    }
}
