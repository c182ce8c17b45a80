package org.jheartbeat.agent.config;

import java.util.List;

/**
 * A ping node ({@code ping ADDR}) or ping group ({@code ping_group NAME ADDR...}): a node that reaches fewer of
 * these than its peer yields its resources, as ipfail did.
 *
 * @param name      the address itself for a ping node, the group's name for a group
 * @param addresses any one of them answering makes the target reachable
 */
public record PingTarget(String name, List<String> addresses, SourceLocation location) {

    public PingTarget {
        addresses = List.copyOf(addresses);
    }
}
