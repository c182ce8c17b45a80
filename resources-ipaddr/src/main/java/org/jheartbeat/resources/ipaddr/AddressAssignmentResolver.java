package org.jheartbeat.resources.ipaddr;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jheartbeat.resource.host.NetInterface;

/**
 * Completes a {@link VirtualAddress} from this node's links and connected routes, as heartbeat's
 * {@code findif} does: a missing device or prefix comes from the most specific directly attached network
 * that covers the address (on the named device, when one is named).
 */
public final class AddressAssignmentResolver {

    private AddressAssignmentResolver() {
    }

    /** Whether {@link #resolve} needs the connected routes, i.e. the argument leaves something to find. */
    public static boolean needsRoutes(VirtualAddress wanted) {
        return wanted.device().isEmpty() || wanted.prefixLength().isEmpty();
    }

    /**
     * The placement an argument that leaves nothing to find ({@link #needsRoutes} false) writes out, before anything
     * is checked: {@link #resolve} returns the same once it finds the interface.
     */
    static AddressAssignment writtenOut(VirtualAddress wanted) {
        return new AddressAssignment(wanted.address(), wanted.prefixLength().orElseThrow(), wanted.device().orElseThrow(),
                wanted.label(), wanted.broadcast());
    }

    public static AddressAssignment resolve(VirtualAddress wanted, List<NetInterface> links, List<ConnectedRoute> routes)
            throws AddressAssignmentException {
        if (wanted.device().isPresent() && links.stream().noneMatch(link -> link.name().equals(wanted.device().get()))) {
            throw new AddressAssignmentException("interface " + wanted.device().get() + " does not exist on this node (it has "
                    + links.stream().map(NetInterface::name).collect(Collectors.joining(", ")) + ")");
        }
        Optional<ConnectedRoute> covering = routes.stream()
                .filter(route -> wanted.device().map(route.device()::equals).orElse(true))
                .filter(route -> covers(route, wanted.address()))
                .max(Comparator.comparingInt(ConnectedRoute::prefixLength));
        if (needsRoutes(wanted) && covering.isEmpty()) {
            throw new AddressAssignmentException("no directly attached network" + wanted.device().map(name -> " on " + name).orElse("")
                    + " covers " + wanted.text() + "; write the prefix and interface out, e.g. " + wanted.text()
                    + "/" + (wanted.isIpv6() ? 64 : 24) + "/" + wanted.device().orElse("eth0"));
        }
        if (!needsRoutes(wanted)) {
            return writtenOut(wanted);
        }
        return new AddressAssignment(wanted.address(), wanted.prefixLength().orElseGet(() -> covering.get().prefixLength()),
                wanted.device().orElseGet(() -> covering.get().device()), wanted.label(), wanted.broadcast());
    }

    static boolean covers(ConnectedRoute route, InetAddress address) {
        byte[] network = route.network().getAddress();
        byte[] candidate = address.getAddress();
        if (network.length != candidate.length) {
            return false;
        }
        int bits = network.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(route.prefixLength()).not();
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
    }
}
