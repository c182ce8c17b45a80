package org.jheartbeat.resources.ipaddr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;

/** The iproute2 commands this plugin runs, with their output read into records. */
final class Iproute2 {

    /** IPv4 prefixes up to /30 have a broadcast address; iproute2 computes it from the prefix for {@code +}. */
    private static final int LONGEST_PREFIX_WITH_BROADCAST = 30;

    private final OperationTools tools;

    Iproute2(OperationTools tools) {
        this.tools = tools;
    }

    List<NetInterface> links(Deadline deadline) throws OperationAbort {
        CommandResult result = tools.require(deadline, "ip", "-j", "addr", "show");
        return IpJson.links(result.stdout(), result.command().display());
    }

    List<ConnectedRoute> routesCovering(InetAddress address, Deadline deadline) throws OperationAbort {
        String family = address instanceof Inet6Address ? "-6" : "-4";
        CommandResult result = tools.require(deadline, "ip", "-j", family, "route", "show", "match",
                address.getHostAddress());
        return IpJson.connectedRoutes(result.stdout(), result.command().display());
    }

    /**
     * Adds the address. IPv6 addresses skip the kernel's own duplicate address detection ({@code nodad}, as
     * IPaddr2's option of that name): start has already asked the segment, and a tentative address would be
     * unusable for the second the kernel's check takes.
     */
    void add(AddressAssignment placement, Deadline deadline) throws OperationAbort {
        List<String> argv = new ArrayList<>(List.of("ip", "addr", "add", placement.cidr()));
        if (!placement.isIpv6() && (placement.broadcast().isPresent() || placement.prefixLength() <= LONGEST_PREFIX_WITH_BROADCAST)) {
            argv.add("broadcast");
            argv.add(placement.broadcast().map(InetAddress::getHostAddress).orElse("+"));
        }
        argv.add("dev");
        argv.add(placement.device());
        placement.label().ifPresent(label -> {
            argv.add("label");
            argv.add(label);
        });
        if (placement.isIpv6()) {
            argv.add("nodad");
        }
        tools.require(deadline, argv);
    }

    void delete(InetAddress address, int prefixLength, String device, Deadline deadline) throws OperationAbort {
        tools.require(deadline, "ip", "addr", "del", address.getHostAddress() + "/" + prefixLength, "dev", device);
    }
}
