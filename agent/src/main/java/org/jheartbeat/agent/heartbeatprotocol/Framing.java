package org.jheartbeat.agent.heartbeatprotocol;

/** heartbeat's two ways of writing a message (see {@link NetstringFormat} and {@link ClassicFormat}). */
public enum Framing {
    /** {@code ###} ... {@code %%%} with a signature netstring after it: what heartbeat 3.0.6 sends. */
    NETSTRING,
    /** {@code >>>} ... {@code <<<} with the signature in the {@code auth} field: older senders. */
    CLASSIC
}
