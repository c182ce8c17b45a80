package org.jheartbeat.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How cl_status sees the status report: heartbeat's node list, node and link words. */
final class ClStatusNodes {

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

    static boolean isPing(ClusterSummary status, String node) {
        return status.pingTargets().contains(node);
    }

    /** active for a member, dead for a node that is not, ping for a ping target. */
    static String nodeStatus(ClusterSummary status, String node) {
        if (isPing(status, node)) {
            return "ping";
        }
        return status.nodes().stream().filter(candidate -> candidate.name().equals(node))
                .map(candidate -> candidate.state().equals("offline") ? "dead" : "active").findFirst()
                .orElseThrow();
    }

    /**
     * A node's links, up when the answering node sees it on them. A ping target is its own link; it is up
     * when the answering node reaches every ping target (the agent counts reachable targets, it does not name
     * them).
     */
    static List<LinkState> links(ClusterSummary status, String node) {
        if (isPing(status, node)) {
            Integer reached = status.nodes().stream().filter(candidate -> candidate.name().equals(status.node()))
                    .map(ClusterSummary.Node::pingReachable).findFirst().orElse(null);
            boolean up = reached != null && reached == status.pingTargets().size();
            return List.of(new LinkState(node, up ? "up" : "dead"));
        }
        return status.nodes().stream().filter(candidate -> candidate.name().equals(node))
                .flatMap(candidate -> candidate.links().stream())
                .map(link -> new LinkState(link.name(), link.up() ? "up" : "dead")).toList();
    }

    static String holdSentence(String hold) {
        return hold.equals("transition") ? "This node is in transition." : "This node is holding " + hold
                + " resources.";
    }
}
