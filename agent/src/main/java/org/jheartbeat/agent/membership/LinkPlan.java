package org.jheartbeat.agent.membership;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.ResourceGroup;

/**
 * This node's links as ha.cf's media make them, and the address each binds: one link per bcast interface and mcast
 * line, one per interface for all the ucast lines on it (heartbeat sites write one ucast line per node, identical on
 * every node; the lines naming this node's own addresses are left out, as heartbeat ignores them). The agent builds
 * its links from it ({@link MediaLinks}) and {@code hbctl config check} shows it.
 *
 * <p>A link is named after its interface, as heartbeat names its media ({@code eth0}); where one interface carries
 * several links (a bcast and a ucast line on eth0), each is named by interface and directive, {@code eth0/bcast} and
 * {@code eth0/ucast}, and a second of one directive by its place, {@code eth0/mcast-2}. Names are unique on the node:
 * membership, status, metrics and the split watch key links by them. They are this node's own; no peer sees them.
 */
public final class LinkPlan {

    /** Resource types whose first argument is an address the cluster moves between nodes. */
    /** The JVM option that leaves it IPv4 sockets only; the launcher sets it unless ha.cf has an IPv6 medium. */
    static final String IPV4_ONLY = "java.net.preferIPv4Stack";
    private static final Set<String> ADDRESS_TYPES = Set.of("ipaddr", "ipaddr2", "ipv6addr");

    private LinkPlan() {
    }

    /**
     * One link.
     *
     * @param unicastPeers for a ucast link, the other nodes' addresses
     * @param address      what it binds, or empty with {@code problem} saying why it cannot
     * @param boundBy      the earlier link of this node that binds the same address and port, which one socket cannot
     *                     serve twice: this link is left out (heartbeat runs both; docs/differences.md)
     */
    public record Link(String name, Medium medium, List<String> unicastPeers, Optional<LinkAddress> address,
                       String problem, Optional<String> boundBy) {

        /** e.g. {@code eth0 (bcast): 10.0.0.1:694, the primary address of eth0}; {@code eth0/ucast: ...}. */
        public String describe() {
            String named = name + (name.equals(medium.device()) ? " (" + medium.directive() + ")" : "") + ": ";
            if (boundBy.isPresent()) {
                return named + "left out: " + bindsTo() + " is bound by " + boundBy.get() + " already, and one"
                        + " socket cannot serve two links; " + boundBy.get() + " carries the cluster on "
                        + medium.device() + " (heartbeat runs both: give this medium another interface or port)";
            }
            return named + address.map(bind -> bindsTo() + ", " + bind.why()).orElse("cannot bind: " + problem);
        }

        /** The address and port it binds, e.g. {@code 10.0.0.1:694}; empty when it cannot bind. */
        private String bindsTo() {
            return address.map(bind -> bind.address().literal() + ":" + medium.port()).orElse("");
        }

        Link named(String unique) {
            return new Link(unique, medium, unicastPeers, address, problem, boundBy);
        }

        Link boundBy(String earlier) {
            return new Link(name, medium, unicastPeers, address, problem, Optional.of(earlier));
        }
    }

    /** Resolves a node name to its addresses; empty when it does not resolve. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String name);

        /** The system's resolver ({@code /etc/hosts}, then DNS as nsswitch says). */
        Resolver SYSTEM = name -> {
            try {
                return List.of(InetAddress.getAllByName(name));
            } catch (UnknownHostException e) {
                return List.of();
            }
        };
    }

    public static List<Link> of(ClusterConfig config, Interfaces interfaces, Resolver resolver) {
        Set<InetAddress> managed = managedAddresses(config.groups());
        List<InetAddress> nameAddresses = resolver.resolve(config.localNode());
        Map<String, List<Medium.Unicast>> unicastByDevice = new LinkedHashMap<>();
        List<Link> links = new ArrayList<>();
        for (Medium medium : config.haCf().media()) {
            if (medium instanceof Medium.Unicast unicast) {
                unicastByDevice.computeIfAbsent(unicast.device(), device -> new ArrayList<>()).add(unicast);
            } else {
                links.add(link(medium, List.of(), interfaces, config.localNode(), nameAddresses, managed));
            }
        }
        unicastByDevice.forEach((device, lines) -> links.add(mixesFamilies(lines)
                ? new Link(device, lines.get(0), List.of(), Optional.empty(), "ucast and ucast6 lines on one "
                        + "interface (" + lines.stream().map(line -> line.location().toString()).toList() + "): its "
                        + "ucast lines make one link, bound to one address; put the IPv6 peers on another interface",
                        Optional.empty())
                : link(lines.get(0), lines.stream().map(Medium.Unicast::peer).toList(), interfaces,
                        config.localNode(), nameAddresses, managed)));
        return withoutSharedSockets(named(links));
    }

    /** Marks each link that binds an address and port an earlier link binds already ({@link Link#boundBy}). */
    private static List<Link> withoutSharedSockets(List<Link> links) {
        Map<String, String> bound = new HashMap<>();
        List<Link> checked = new ArrayList<>();
        for (Link link : links) {
            Optional<String> earlier = link.address().map(bind -> link.bindsTo())
                    .flatMap(socket -> Optional.ofNullable(bound.putIfAbsent(socket, link.name())));
            checked.add(earlier.map(link::boundBy).orElse(link));
        }
        return checked;
    }

    /** The interface a link of this node is on, from its name: {@code eth0} for {@code eth0} and {@code eth0/ucast}. */
    public static String interfaceOf(String linkName) {
        int slash = linkName.indexOf('/');
        return slash < 0 ? linkName : linkName.substring(0, slash);
    }

    /** Each link its unique name (see the class comment), in the order of {@code links}. */
    private static List<Link> named(List<Link> links) {
        Map<String, Long> perInterface = links.stream()
                .collect(Collectors.groupingBy(link -> link.medium().device(), Collectors.counting()));
        Map<String, Integer> taken = new HashMap<>();
        List<Link> named = new ArrayList<>();
        for (Link link : links) {
            String device = link.medium().device();
            if (perInterface.get(device) == 1) {
                named.add(link);
                continue;
            }
            String name = device + "/" + link.medium().directive();
            int place = taken.merge(name, 1, Integer::sum);
            named.add(link.named(place == 1 ? name : name + "-" + place));
        }
        return named;
    }

    private static Link link(Medium medium, List<String> unicastLines, Interfaces interfaces, String node,
                             List<InetAddress> nameAddresses, Set<InetAddress> managed) {
        String device = medium.device();
        try {
            List<InterfaceAddress> assigned = interfaces.addresses(device);
            List<InetAddress> ucastAddresses = literals(unicastLines);
            boolean ipv6 = ipv6(medium, ucastAddresses);
            if (ipv6 && Boolean.getBoolean(IPV4_ONLY)) {
                throw new LinkAddress.Unavailable(medium.location() + ": an IPv6 medium needs IPv6 sockets, and this "
                        + "JVM was started with -D" + IPV4_ONLY + "=true, which allows IPv4 only; the jheartbeat "
                        + "launcher leaves that option out when ha.cf has an mcast6 or ucast6 line: remove it "
                        + "where it was added");
            }
            LinkAddress bind = LinkAddress.choose(device, node, ucastAddresses, nameAddresses, assigned, managed,
                    ipv6);
            Set<InetAddress> own = new HashSet<>(assigned.stream().map(InterfaceAddress::address).toList());
            List<String> peers = unicastLines.stream().filter(line -> !own.contains(literal(line))).toList();
            return new Link(device, medium, peers, Optional.of(bind), "", Optional.empty());
        } catch (IOException | LinkAddress.Unavailable e) {
            return new Link(device, medium, List.of(), Optional.empty(), e.getMessage(), Optional.empty());
        }
    }

    /** The addresses haresources' IPaddr, IPaddr2 and IPv6addr resources add and remove. */
    public static Set<InetAddress> managedAddresses(List<ResourceGroup> groups) {
        Set<InetAddress> managed = new HashSet<>();
        for (ResourceGroup group : groups) {
            for (ConfiguredResource resource : group.resources()) {
                if (ADDRESS_TYPES.contains(resource.spec().type().toLowerCase(Locale.ROOT))
                        && !resource.spec().arguments().isEmpty()) {
                    // IPv6addr's address has colons of its own, which haresources' :: splitting cuts apart.
                    String address = String.join("::", resource.spec().arguments()).split("/")[0];
                    Optional.ofNullable(literal(address)).ifPresent(managed::add);
                }
            }
        }
        return managed;
    }

    private static boolean mixesFamilies(List<Medium.Unicast> lines) {
        return lines.stream().map(line -> line.peer().contains(":")).distinct().count() > 1;
    }

    private static boolean ipv6(Medium medium, List<InetAddress> ucastAddresses) {
        if (medium instanceof Medium.Multicast multicast) {
            return multicast.group().contains(":");
        }
        return !ucastAddresses.isEmpty() && ucastAddresses.get(0) instanceof java.net.Inet6Address;
    }

    private static List<InetAddress> literals(List<String> lines) {
        return lines.stream().map(LinkPlan::literal).filter(java.util.Objects::nonNull).toList();
    }

    /** An address written as a literal; null for a name or anything else (never looked up). */
    private static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F.:]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
