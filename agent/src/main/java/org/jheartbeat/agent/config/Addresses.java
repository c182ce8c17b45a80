package org.jheartbeat.agent.config;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Syntax checks for addresses written in configuration. Never resolves names: a configuration check must
 * not depend on DNS, and must not send anything on the network.
 */
final class Addresses {

    private Addresses() {
    }

    static boolean isIpv4(String text) {
        return literal(text).filter(Inet4Address.class::isInstance).isPresent();
    }

    static boolean isIpv6(String text) {
        return literal(text).filter(Inet6Address.class::isInstance).isPresent();
    }

    static boolean isIpv4Multicast(String text) {
        return literal(text).filter(a -> a instanceof Inet4Address && a.isMulticastAddress()).isPresent();
    }

    static boolean isIpv6Multicast(String text) {
        return literal(text).filter(a -> a instanceof Inet6Address && a.isMulticastAddress()).isPresent();
    }

    /** A DNS-style host name that is not a dotted number (which would be a malformed IPv4 address). */
    static boolean isHostName(String text) {
        return InternetDomainName.isValid(text) && !text.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static Optional<InetAddress> literal(String text) {
        if (!InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(text));
    }
}
