package org.jheartbeat.agent.scripts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How haresources names an OCF agent: {@code ocf:PROVIDER:AGENT}, followed as usual by {@code ::}-separated
 * arguments, each {@code name=value} (e.g. {@code ocf:heartbeat:IPaddr2::ip=10.0.0.1::cidr_netmask=24}). The
 * spelling is Pacemaker's, so it cannot collide with a resource.d or init.d script name.
 */
record OcfAgentName(String provider, String agent) {

    static final String PREFIX = "ocf:";
    static final String SYNTAX = "ocf:PROVIDER:AGENT::name=value::...";

    /** Letters, digits and {@code _ . + -}, not starting with a dot: a file name that cannot leave its directory. */
    private static final String PART = "([A-Za-z0-9_+-][A-Za-z0-9_.+-]*)";
    private static final Pattern NAME = Pattern.compile("ocf:" + PART + ":" + PART);

    static boolean isOcfSpelling(String typeName) {
        return typeName.startsWith(PREFIX);
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code typeName} */
    static OcfAgentName parse(String typeName) {
        Matcher matcher = NAME.matcher(typeName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + typeName + "' is not an OCF agent name; expected " + SYNTAX);
        }
        return new OcfAgentName(matcher.group(1), matcher.group(2));
    }
}
