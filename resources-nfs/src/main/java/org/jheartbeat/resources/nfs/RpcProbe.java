package org.jheartbeat.resources.nfs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.host.Host;

/**
 * Asks an NFS server whether it answers: an RPC NULL call to program {@code nfs} at a fixed address and port,
 * with {@code rpcinfo -a UNIVERSAL_ADDRESS -T tcp nfs}. Going straight to the port needs no rpcbind, so it
 * works for NFSv4-only servers too. ({@code rpcinfo -n PORT} would say the same but this rpcinfo ignores the
 * port and asks rpcbind, which refuses when none runs.)
 */
final class RpcProbe {

    /** Where Debian's rpcbind package installs it. */
    static final Path RPCINFO = Path.of("/usr/sbin/rpcinfo");

    private final String address;
    private final int port;
    private final boolean ipv6;

    /**
     * @throws IllegalArgumentException when the address is not a numeric IPv4 or IPv6 address or the port is
     *                                  out of range
     */
    RpcProbe(String address, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("probe address must be a numeric IP address, got '" + address + "'");
        }
        try {
            this.ipv6 = InetAddress.getByName(address).getAddress().length == 16;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("probe address must be a numeric IP address, got '" + address + "'", e);
        }
        this.address = address;
        this.port = port;
    }

    /** Universal address (RFC 5665): the IP address followed by the port's high and low byte. */
    List<String> command() {
        String universal = address + "." + (port >> 8) + "." + (port & 0xff);
        return List.of("rpcinfo", "-a", universal, "-T", ipv6 ? "tcp6" : "tcp", "nfs");
    }

    /** @return empty when the server answered, else what rpcinfo said */
    static Optional<String> failure(CommandResult result) {
        return result.succeeded() ? Optional.empty() : Optional.of(result.describe());
    }

    /** A preflight finding when rpcinfo is not installed: every operation asks the server with it. */
    static Optional<String> notInstalled(Host host) {
        return host.exists(RPCINFO) ? Optional.empty() : Optional.of(RPCINFO + " is not installed here (package"
                + " rpcbind): start, stop and status ask the server with it and fail without it");
    }

    String where() {
        return (ipv6 ? "[" + address + "]" : address) + ":" + port;
    }
}
