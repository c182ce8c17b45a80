package org.jheartbeat.resources.ipaddr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.ResourceSpec;

/**
 * Reads the argument of an address resource the way heartbeat's resource.d wrappers split it: fields
 * separated by {@code /}; a third field that starts with a digit is the broadcast address (no device);
 * {@code eth0:0} as device means device {@code eth0} with label {@code eth0:0}. The prefix may also be
 * written as a dotted IPv4 netmask. Nothing here looks a name up: only literal addresses are accepted.
 */
public final class VirtualAddressParser {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,3}");
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no slash, colon or white space. */
    private static final Pattern DEVICE = Pattern.compile("[^/:\\s]{1,15}");
    private static final int MAX_NAME_LENGTH = 15;

    private VirtualAddressParser() {
    }

    public static VirtualAddress parse(ResourceSpec spec, AddressFamilies families) throws InvalidResourceException {
        // haresources separates arguments by "::", which also abbreviates IPv6 addresses: for a type that takes
        // IPv6 the pieces are one address split apart, so they are joined back.
        boolean rejoin = families.acceptsIpv6() && !spec.arguments().isEmpty();
        if (spec.arguments().size() != 1 && !rejoin) {
            throw invalid(spec, "expects exactly one argument "
                    + (families.acceptsIpv4() ? "addr[/prefix[/device[:label]][/broadcast]]" : "addr[/prefix[/device]]")
                    + ", got " + spec.arguments().size());
        }
        String argument = String.join(ResourceSpec.SEPARATOR, spec.arguments());
        String[] fields = argument.split("/", -1);
        int maxFields = families.acceptsIpv4() ? 4 : 3;
        if (fields.length > maxFields) {
            throw invalid(spec, "'" + argument + "' has " + fields.length + " '/'-separated fields, at most "
                    + maxFields + " are allowed");
        }
        InetAddress address = address(spec, fields[0], families);
        OptionalInt prefix = fields.length > 1 ? OptionalInt.of(prefix(spec, fields[1], address)) : OptionalInt.empty();
        Optional<String> device = Optional.empty();
        Optional<String> label = Optional.empty();
        Optional<InetAddress> broadcast = Optional.empty();
        if (fields.length > 2) {
            String third = nonEmpty(spec, fields[2], "device");
            if (Character.isDigit(third.charAt(0)) && address instanceof Inet4Address && fields.length == 3) {
                broadcast = Optional.of(broadcast(spec, third, address));
            } else {
                int colon = third.indexOf(':');
                device = Optional.of(device(spec, colon < 0 ? third : third.substring(0, colon)));
                if (colon >= 0) {
                    label = Optional.of(label(spec, third, colon));
                }
            }
        }
        if (fields.length > 3) {
            broadcast = Optional.of(broadcast(spec, nonEmpty(spec, fields[3], "broadcast"), address));
        }
        return new VirtualAddress(address, prefix, device, label, broadcast);
    }

    private static InetAddress address(ResourceSpec spec, String text, AddressFamilies families)
            throws InvalidResourceException {
        Optional<InetAddress> parsed = literal(text);
        if (parsed.isEmpty()
                || parsed.get() instanceof Inet4Address && !families.acceptsIpv4()
                || parsed.get() instanceof Inet6Address && !families.acceptsIpv6()) {
            throw invalid(spec, "'" + text + "' is not " + families.expected());
        }
        InetAddress address = parsed.get();
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || address.isLoopbackAddress()) {
            throw invalid(spec, "'" + text + "' cannot be a virtual address (wildcard, multicast or loopback)");
        }
        return address;
    }

    private static Optional<InetAddress> literal(String text) {
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // A literal (checked above), so this never consults a resolver.
            InetAddress address = InetAddress.getByName(text);
            boolean familyAsWritten = v4.matches() == (address instanceof Inet4Address);
            return familyAsWritten ? Optional.of(address) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int prefix(ResourceSpec spec, String text, InetAddress address) throws InvalidResourceException {
        int max = VirtualAddress.maxPrefix(address);
        if (DIGITS.matcher(text).matches()) {
            int prefix = Integer.parseInt(text);
            if (prefix > max) {
                throw invalid(spec, "prefix length " + prefix + " is out of range 0-" + max);
            }
            return prefix;
        }
        if (address instanceof Inet4Address && IPV4.matcher(text).matches()) {
            Optional<InetAddress> mask = literal(text);
            if (mask.isPresent()) {
                int bits = java.nio.ByteBuffer.wrap(mask.get().getAddress()).getInt();
                int prefix = Integer.bitCount(bits);
                if (bits == (prefix == 0 ? 0 : -1 << (32 - prefix))) {
                    return prefix;
                }
            }
            throw invalid(spec, "netmask '" + text + "' is not a contiguous IPv4 netmask");
        }
        throw invalid(spec, "prefix '" + text + "' is not a prefix length 0-" + max
                + (address instanceof Inet4Address ? " or a dotted netmask" : ""));
    }

    private static InetAddress broadcast(ResourceSpec spec, String text, InetAddress address)
            throws InvalidResourceException {
        if (!(address instanceof Inet4Address)) {
            throw invalid(spec, "IPv6 has no broadcast address, but '" + text + "' was given");
        }
        Optional<InetAddress> parsed = literal(text).filter(Inet4Address.class::isInstance);
        if (parsed.isEmpty()) {
            throw invalid(spec, "broadcast '" + text + "' is not an IPv4 address");
        }
        return parsed.get();
    }

    private static String device(ResourceSpec spec, String text) throws InvalidResourceException {
        if (!DEVICE.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw invalid(spec, "'" + text + "' is not a network interface name (1-15 characters, no '/', ':' or blanks)");
        }
        return text;
    }

    private static String label(ResourceSpec spec, String text, int colon) throws InvalidResourceException {
        if (colon == text.length() - 1 || text.length() > MAX_NAME_LENGTH || text.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(spec, "interface label '" + text + "' must be device:suffix in at most "
                    + MAX_NAME_LENGTH + " characters");
        }
        return text;
    }

    private static String nonEmpty(ResourceSpec spec, String field, String what) throws InvalidResourceException {
        if (field.isEmpty()) {
            throw invalid(spec, "the " + what + " field is empty");
        }
        return field;
    }

    private static InvalidResourceException invalid(ResourceSpec spec, String why) {
        return new InvalidResourceException(spec.id() + ": " + why);
    }
}
