package org.jheartbeat.agent.membership;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;

/**
 * The addresses on this node's interfaces, in the kernel's order and with its primary and secondary flags: Java's
 * {@link java.net.NetworkInterface} lists them in another order and without the flags, which is how a link once bound
 * itself to a virtual address that later moved away.
 */
@FunctionalInterface
public interface Interfaces {

    /** @throws IOException naming the interface when it does not exist or cannot be read */
    List<InterfaceAddress> addresses(String device) throws IOException;

    /** {@code ip -j addr show dev DEVICE}. */
    static Interfaces kernel(CommandRunner commands) {
        return device -> {
            CommandResult listed = commands.run(Command.of(Duration.ofSeconds(5), "ip", "-j", "addr", "show", "dev",
                    device));
            if (!listed.succeeded()) {
                throw new IOException("interface " + device + ": " + listed.describe());
            }
            return parse(listed.stdout());
        };
    }

    /** The addresses of one interface from {@code ip -j addr show dev DEVICE}'s output. */
    static List<InterfaceAddress> parse(String json) throws IOException {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (Object link : JSON.std.listFrom(json)) {
            Object info = ((Map<?, ?>) link).get("addr_info");
            if (!(info instanceof List<?> entries)) {
                continue;
            }
            for (Object entry : entries) {
                Map<?, ?> fields = (Map<?, ?>) entry;
                Object local = fields.get("local");
                if (local == null) {
                    continue;
                }
                Object broadcast = fields.get("broadcast");
                addresses.add(new InterfaceAddress(InetAddress.getByName(local.toString()),
                        ((Number) fields.get("prefixlen")).intValue(), Boolean.TRUE.equals(fields.get("secondary")),
                        broadcast == null ? Optional.empty()
                                : Optional.of(InetAddress.getByName(broadcast.toString()))));
            }
        }
        return addresses;
    }
}
