package org.jheartbeat.agent.membership;

/** A transport whose every datagram passes a {@link LinkGuard}: the generated links' and a simulated node's. */
public interface Guarded {

    LinkGuard guard();
}
