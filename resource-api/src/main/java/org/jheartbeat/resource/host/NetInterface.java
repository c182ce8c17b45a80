package org.jheartbeat.resource.host;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One network interface with the addresses assigned to it, as the kernel reports them ({@link Network}).
 *
 * @param mac the link-layer address in the usual notation ({@code 02:fc:00:00:00:01}), empty for links that have none
 */
public record NetInterface(String name, String mac, List<Address> addresses) {

    public NetInterface {
        addresses = List.copyOf(addresses);
    }

    public Optional<Address> find(InetAddress address) {
        return addresses.stream().filter(assigned -> assigned.address().equals(address)).findFirst();
    }

    /**
     * An address assigned to the link.
     *
     * @param tentative IPv6 duplicate address detection has not finished
     * @param dadFailed IPv6 duplicate address detection found another holder: the kernel will not use it
     */
    public record Address(InetAddress address, int prefixLength, Optional<String> label, boolean tentative,
                          boolean dadFailed) {
    }
}
