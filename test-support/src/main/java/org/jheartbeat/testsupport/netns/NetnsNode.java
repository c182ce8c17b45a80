package org.jheartbeat.testsupport.netns;

/**
 * One node of a {@link NetnsLab}: a network namespace whose {@link #DEVICE} is plugged into the lab's bridge.
 *
 * @param name      the short name the test gave it
 * @param namespace the namespace's name, for {@code ip netns exec}
 * @param mac       the MAC address of its {@link #DEVICE}, lower case
 */
public record NetnsNode(String name, String namespace, String mac) {

    /** The node's interface on the segment. */
    public static final String DEVICE = "eth0";
}
