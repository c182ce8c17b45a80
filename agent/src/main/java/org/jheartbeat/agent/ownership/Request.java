package org.jheartbeat.agent.ownership;

/**
 * The last {@code hb_standby} or {@code hb_takeover} a node issued. It stays in force until the node issues
 * another or leaves the cluster: a standby keeps the groups it covers off the node (unless no other node can
 * run them), a takeover keeps them on it.
 *
 * @param sequence orders requests cluster-wide (a Lamport clock), so that the latest of two conflicting
 *                 takeovers wins everywhere the same way
 */
public record Request(Kind kind, Scope scope, long sequence) {

    public enum Kind { STANDBY, TAKEOVER }

    public boolean covers(String requestingNode, String preferredNode) {
        return scope.covers(requestingNode, preferredNode);
    }
}
