package org.jheartbeat.agent.config;

/** One communication path of ha.cf. A node is dead only when it is silent on every medium. */
public sealed interface Medium {

    /** The interface the medium is bound to. */
    String device();

    /** The UDP port: udpport for bcast and ucast, the line's own port for mcast. */
    int port();

    SourceLocation location();

    /** The ha.cf directive that wrote it: {@code bcast}, {@code mcast}, {@code mcast6}, {@code ucast}, {@code ucast6}. */
    String directive();

    /** {@code bcast IFACE}: heartbeat's UDP broadcast on the interface. */
    record Broadcast(String device, int port, SourceLocation location) implements Medium {
        @Override
        public String directive() {
            return "bcast";
        }
    }

    /** {@code mcast IFACE GROUP PORT TTL LOOP} and {@code mcast6}. */
    record Multicast(String device, String group, int port, int ttl, boolean loop, SourceLocation location)
            implements Medium {
        @Override
        public String directive() {
            return group.contains(":") ? "mcast6" : "mcast";
        }
    }

    /** {@code ucast IFACE PEER} and {@code ucast6}: unicast to one peer; lines naming this node are ignored. */
    record Unicast(String device, String peer, int port, SourceLocation location) implements Medium {
        @Override
        public String directive() {
            return peer.contains(":") ? "ucast6" : "ucast";
        }
    }
}
