package org.jheartbeat.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.agent.control.HeartbeatParameters;
import org.jheartbeat.agent.membership.LinkPlan;

/** How cl_status sees the status report: heartbeat's node list, node types, node and link words. */
final class ClStatusNodes {

    /** heartbeat v1 gives every node the same weight, and no site. */
    static final String WEIGHT = "100";
    static final String SITE = "";

    record LinkState(String name, String state) {
    }

    private ClStatusNodes() {
    }

    /** ha.cf's nodes, then its ping targets, listed last first as heartbeat lists them. */
    static List<String> listed(ClusterSummary status) {
        List<String> nodes = new ArrayList<>(status.nodes().stream().map(ClusterSummary.Node::name).toList());
        nodes.addAll(status.pingTargets());
        Collections.reverse(nodes);
        return nodes;
    }

    /** The node or ping target a command names: node names in any case, as heartbeat compares them. */
    static Optional<String> find(ClusterSummary status, String given) {
        String lower = given.toLowerCase(Locale.ROOT);
        return listed(status).stream().filter(node -> node.equals(given) || node.equals(lower)).findFirst();
    }

    static boolean isPing(ClusterSummary status, String node) {
        return status.pingTargets().contains(node);
    }

    static String nodeType(ClusterSummary status, String node) {
        return isPing(status, node) ? "ping" : "normal";
    }

    /**
     * active for a member, and for a node heard but split from the view (heartbeat, which has no views, hears it and
     * calls it active), dead for a node that is not (restarting in place included, as heartbeat hears nothing of
     * it), up for a heartbeat 3 node heard (alive, not active here); a
     * ping target is ping while reached, else dead.
     */
    static String nodeStatus(ClusterSummary status, String node) {
        if (isPing(status, node)) {
            return pingReached(status) ? "ping" : "dead";
        }
        return member(status, node).map(candidate -> switch (candidate.state()) {
            case "offline", "restarting", "releasing" -> "dead";
            case "heartbeat3" -> "up";
            default -> "active";
        }).orElseThrow();
    }

    /**
     * A node's links in ha.cf's order, named by interface as heartbeat names its media: two links on one interface
     * ({@code eth0/bcast} and {@code eth0/ucast} in the status) are two links named {@code eth0} here, as they are in
     * heartbeat. One is up when the answering node sees the node on it. A ping target is its own link, up while
     * reached.
     */
    static List<LinkState> links(ClusterSummary status, String node) {
        if (isPing(status, node)) {
            return List.of(new LinkState(node, pingReached(status) ? "up" : "dead"));
        }
        return member(status, node).orElseThrow().links().stream()
                .map(link -> new LinkState(LinkPlan.interfaceOf(link.name()), link.up() ? "up" : "dead")).toList();
    }

    /** The links as listhblinks lists them: the last configured first. */
    static List<LinkState> listed(ClusterSummary status, String node) {
        List<LinkState> links = new ArrayList<>(links(status, node));
        Collections.reverse(links);
        return links;
    }

    static String heartbeatVersion(ClusterSummary status) {
        return HeartbeatParameters.heartbeatVersion(status.version());
    }

    private static Optional<ClusterSummary.Node> member(ClusterSummary status, String node) {
        return status.nodes().stream().filter(candidate -> candidate.name().equals(node)).findFirst();
    }

    /**
     * The agent counts the ping targets the answering node reaches without naming them: each counts as reached
     * when all are.
     */
    private static boolean pingReached(ClusterSummary status) {
        return member(status, status.node()).map(ClusterSummary.Node::pingReachable)
                .filter(reached -> reached == status.pingTargets().size()).isPresent();
    }
}
