package org.jheartbeat.agent.control;

import java.util.List;

/**
 * The cluster as one node sees it: what {@code hbctl status} shows and {@code --json} prints. Field names and
 * meanings are a stable interface (docs/control-protocol.md); {@link #SCHEMA} grows only by adding fields.
 *
 * @param node          the node that answered
 * @param generated     when the answering node took the snapshot, ISO-8601 UTC
 * @param configDigest  SHA-256 (first 12 hex digits) of ha.cf and haresources as the agent read them at start
 * @param resourceHold  what heartbeat's {@code cl_status rscstatus} says for the answering node
 * @param pingTargets   ha.cf's ping nodes and ping groups
 * @param refused       why the cluster refuses the answering node (its name in use elsewhere, its generation older
 *                      than its peers saw); null when it does not
 * @param refusedSenders the senders the answering node refused in the last ten minutes
 */
public record StatusReport(int schema, String stack, String version, String node, String coordinator,
                           String generated, String configDirectory, String configDigest, String resourceHold,
                           List<String> pingTargets, List<Node> nodes, List<Group> groups,
                           List<FailedAction> failedActions, String refused, List<RefusedSender> refusedSenders) {

    public static final int SCHEMA = 1;

    public StatusReport {
        pingTargets = List.copyOf(pingTargets);
        nodes = List.copyOf(nodes);
        groups = List.copyOf(groups);
        failedActions = List.copyOf(failedActions);
        refusedSenders = List.copyOf(refusedSenders);
    }

    /**
     * @param state         online, offline, standby (online, with a standby request in force), pending (a member
     *                      whose state has not reached the answering node yet), heartbeat3 (no member: heard
     *                      running heartbeat 3 within deadtime), restarting (no member: its agent said it restarts
     *                      in place, and its groups are still held for it) or releasing (no member: its agent is
     *                      dead and its guard said it stops its groups, which are held for it until it says released)
     * @param request       the node's standby/takeover request in force, e.g. "standby all"; null when none
     * @param pingReachable how many of the ping targets the node reaches; null when unknown (offline)
     * @param configDigest  the digest of the ha.cf and haresources the node runs; null when unknown (offline, or an
     *                      agent too old to say)
     * @param restarting    what is held for a node restarting in place or releasing; null for any other state
     */
    public record Node(String name, String state, boolean coordinator, List<Link> links, Integer pingReachable,
                       String request, List<String> failedGroups, String configDigest, Restarting restarting) {
        public Node {
            links = List.copyOf(links);
            failedGroups = List.copyOf(failedGroups);
        }

        /** A node not restarting in place. */
        public Node(String name, String state, boolean coordinator, List<Link> links, Integer pingReachable,
                    String request, List<String> failedGroups, String configDigest) {
            this(name, state, coordinator, links, pingReachable, request, failedGroups, configDigest, null);
        }

        /** A node whose configuration digest is not known (offline, or it has not said). */
        public Node(String name, String state, boolean coordinator, List<Link> links, Integer pingReachable,
                    String request, List<String> failedGroups) {
            this(name, state, coordinator, links, pingReachable, request, failedGroups, null);
        }
    }

    /**
     * A node away restarting in place: its groups stay where they run, started nowhere else, until it is back or
     * {@code heldUntil} (ISO-8601 UTC) has passed.
     */
    public record Restarting(List<String> heldGroups, String heldUntil) {
        public Restarting {
            heldGroups = List.copyOf(heldGroups);
        }
    }

    /** A heartbeat link (ha.cf medium) to a node: up when the answering node sees the node on it. */
    public record Link(String name, boolean up) {
    }

    /**
     * @param state started, starting, stopping, stopped or failed (failed: stopped everywhere, and failed on
     *              at least one node)
     * @param node  the node holding it; null when no node does
     */
    public record Group(String id, String preferredNode, String state, String node, List<Resource> resources) {
        public Group {
            resources = List.copyOf(resources);
        }
    }

    /** One resource in start order; {@code type} is the haresources type name (IPaddr, Filesystem …). */
    public record Resource(String id, String type, String state, String node) {
    }

    /**
     * A failed operation. Operations failed on the answering node carry time, operation and outcome; on
     * another node only that the group failed there is known.
     */
    public record FailedAction(String node, String group, String resource, String operation, String outcome,
                               String reason, String time) {
    }

    /**
     * A sender refused on the cluster port: the node name it claimed, its address, why, and when last (ISO-8601 UTC).
     */
    public record RefusedSender(String node, String address, String reason, String last) {
    }
}
