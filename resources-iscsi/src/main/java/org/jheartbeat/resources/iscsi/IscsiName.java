package org.jheartbeat.resources.iscsi;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An iSCSI name as RFC 3720 (section 3.2.6) defines it: {@code iqn.YYYY-MM.reversed.domain[:unique]},
 * {@code eui.} with 16 hex digits, or {@code naa.} with 16 or 32 hex digits. Names are compared in the
 * normalised lower case form the standard prescribes, and are at most 223 bytes long.
 */
record IscsiName(String value) {

    private static final int MAX_LENGTH = 223;
    private static final Pattern IQN = Pattern.compile(
            "iqn\\.\\d{4}-(0[1-9]|1[0-2])\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
                    + "(:[a-z0-9.:-]+)?");
    private static final Pattern EUI = Pattern.compile("eui\\.[0-9a-f]{16}");
    private static final Pattern NAA = Pattern.compile("naa\\.([0-9a-f]{16}|[0-9a-f]{32})");

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code value}
     */
    IscsiName {
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("iSCSI name " + value + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("iSCSI name " + value + " must be lower case (RFC 3720 3.2.6.1)");
        }
        if (!(IQN.matcher(value).matches() || EUI.matcher(value).matches() || NAA.matcher(value).matches())) {
            throw new IllegalArgumentException("'" + value + "' is not an iSCSI name: expected"
                    + " iqn.YYYY-MM.reversed.domain[:identifier], eui.<16 hex digits> or naa.<16 or 32 hex digits>");
        }
    }

    static boolean looksLikeOne(String text) {
        return text.startsWith("iqn.") || text.startsWith("eui.") || text.startsWith("naa.");
    }

    @Override
    public String toString() {
        return value;
    }
}
