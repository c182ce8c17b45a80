package org.jheartbeat.resources.ipaddr;

import java.net.InetAddress;

/** A route to a directly attached network (no gateway), as {@code ip -j route show match ADDR} reports it. */
public record ConnectedRoute(InetAddress network, int prefixLength, String device) {
}
