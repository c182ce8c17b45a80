package org.jheartbeat.resources.iscsi;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may log in to the target: everyone ({@code ALL}), an initiator address or network ({@code 10.0.0.5},
 * {@code 10.0.0.0/24}, IPv6 too), or an initiator name ({@code iqn.1993-08.org.debian:01:abc}).
 */
record AllowedInitiator(String value, Kind kind) {

    enum Kind { EVERYONE, ADDRESS, NAME }

    static final AllowedInitiator EVERYONE = new AllowedInitiator("ALL", Kind.EVERYONE);

    /**
     * @throws IllegalArgumentException when {@code text} is none of the three forms
     */
    static AllowedInitiator parse(String text) {
        if (text.equalsIgnoreCase("ALL")) {
            return EVERYONE;
        }
        if (IscsiName.looksLikeOne(text)) {
            return new AllowedInitiator(new IscsiName(text).value(), Kind.NAME);
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.isEmpty() && (address.contains(":") || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            InetAddress parsed = literal(address, text);
            if (slash >= 0) {
                int bits = prefixLength(text.substring(slash + 1), text);
                int maximum = parsed.getAddress().length * 8;
                if (bits > maximum) {
                    throw new IllegalArgumentException("allowed initiator " + text + ": prefix longer than " + maximum);
                }
            }
            return new AllowedInitiator(text, Kind.ADDRESS);
        }
        throw new IllegalArgumentException("allowed initiator '" + text
                + "' is not ALL, an IP address or network (a.b.c.d[/n]) or an initiator name (iqn./eui./naa.)");
    }

    private static InetAddress literal(String address, String text) {
        try {
            // Only literals reach here (digits, dots, colons), so no name lookup happens.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("allowed initiator " + text + ": bad address " + address);
        }
    }

    private static int prefixLength(String bits, String text) {
        try {
            return Integer.parseInt(bits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("allowed initiator " + text + ": prefix length '" + bits + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
