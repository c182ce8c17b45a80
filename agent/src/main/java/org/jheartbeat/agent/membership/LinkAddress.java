package org.jheartbeat.agent.membership;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which of an interface's addresses is the node's own, for a link to bind: never one the cluster manages (a
 * haresources address moves between nodes, and a link bound to it loses its node's cluster address when it moves),
 * whatever order the kernel lists them in. In order of preference: the address ha.cf's ucast lines give this node on
 * that interface; the address the node's name resolves to; the interface's primary address (the kernel marks the
 * addresses added later in the same subnet secondary); any other address of the node's own.
 *
 * @param address the address to bind
 * @param why     how it was chosen, for the start-up log and {@code hbctl config check}
 */
public record LinkAddress(InterfaceAddress address, String why) {

    /** The interface has no address of its own the link could bind. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * @param ucastAddresses the addresses ha.cf's ucast lines name on this interface (every node's, this one's too)
     * @param nameAddresses  what the node's name resolves to
     * @param assigned       the interface's addresses, in the kernel's order
     * @param managed        the addresses haresources' resources manage
     * @param ipv6           whether the medium is an IPv6 one (mcast6, ucast6)
     */
    public static LinkAddress choose(String device, String node, Collection<InetAddress> ucastAddresses,
                                     Collection<InetAddress> nameAddresses, List<InterfaceAddress> assigned,
                                     Set<InetAddress> managed, boolean ipv6) throws Unavailable {
        List<InterfaceAddress> own = assigned.stream()
                .filter(candidate -> (candidate.address() instanceof Inet6Address) == ipv6)
                .filter(candidate -> !managed.contains(candidate.address())).toList();
        Optional<LinkAddress> chosen = first(own, candidate -> ucastAddresses.contains(candidate.address()),
                "the address ha.cf's ucast lines give this node on " + device)
                .or(() -> first(own, candidate -> nameAddresses.contains(candidate.address()),
                        "the address node " + node + " resolves to"))
                .or(() -> first(own, candidate -> !candidate.secondary(), "the primary address of " + device))
                .or(() -> first(own, candidate -> true, "the only address of " + device + " that no resource "
                        + "manages"));
        return chosen.orElseThrow(() -> new Unavailable("interface " + device + " has no " + (ipv6 ? "IPv6" : "IPv4")
                + " address of this node's own to bind the link to (addresses: " + describe(assigned)
                + (managed.isEmpty() ? "" : "; managed by haresources: " + managed.stream()
                .map(InetAddress::getHostAddress).sorted().toList()) + ")"));
    }

    private static Optional<LinkAddress> first(List<InterfaceAddress> own, Predicate<InterfaceAddress> rule,
                                               String why) {
        return own.stream().filter(rule).findFirst().map(address -> new LinkAddress(address, why));
    }

    private static String describe(List<InterfaceAddress> assigned) {
        return assigned.isEmpty() ? "none" : String.join(", ", assigned.stream()
                .map(address -> address.literal() + "/" + address.prefixLength()
                        + (address.secondary() ? " secondary" : "")).toList());
    }
}
