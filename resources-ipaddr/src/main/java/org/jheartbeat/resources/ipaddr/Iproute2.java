package org.jheartbeat.resources.ipaddr;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationTools;

/**
 * The one iproute2 command this plugin still runs: the connected routes, read only where haresources leaves the
 * interface or prefix to be found (as heartbeat's findif). Addresses are read and changed through the
 * {@link org.jheartbeat.resource.host.Network}.
 */
final class Iproute2 {

    private final OperationTools tools;

    Iproute2(OperationTools tools) {
        this.tools = tools;
    }

    List<ConnectedRoute> routesCovering(InetAddress address, Deadline deadline) throws OperationAbort {
        String family = address instanceof Inet6Address ? "-6" : "-4";
        CommandResult result = tools.require(deadline, "ip", "-j", family, "route", "show", "match",
                address.getHostAddress());
        return IpJson.connectedRoutes(result.stdout(), result.command().display());
    }
}
