package org.jheartbeat.resources.ipaddr;

/** What the segment said when asked whether anyone holds an address. */
public sealed interface ProbeAnswer {

    /** Someone answered for the address from this link-layer address. */
    record Holder(String mac) implements ProbeAnswer {
    }

    /** Nobody answered within the wait. */
    record Nobody() implements ProbeAnswer {
    }

    /** The probe itself failed, so nothing is known. */
    record Unknown(String why) implements ProbeAnswer {
    }
}
