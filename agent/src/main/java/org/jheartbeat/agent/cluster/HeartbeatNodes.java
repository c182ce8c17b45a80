package org.jheartbeat.agent.cluster;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.membership.ClusterTransport;
import org.jheartbeat.agent.ownership.Holding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ha.cf's nodes heard running heartbeat 3, as the cluster node deals with them: who of them is alive, and what this
 * node holds, which the transport answers them with. Used on the cluster loop only.
 *
 * <p>A heartbeat 3 node heard is alive and may hold any group: heartbeat, hearing none of the members, takes every
 * group once its initdead ends, so the members give up theirs. Silent for deadtime, it is dead like any node.
 */
final class HeartbeatNodes {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatNodes.class);

    private final ClusterTransport transport;
    /** Those heard within deadtime at the last review: while there are any, no group runs on the members. */
    private Set<String> heard = Set.of();

    HeartbeatNodes(ClusterTransport transport) {
        this.transport = transport;
    }

    /** Takes who is heard now from the transport, and logs who came and who fell silent. */
    void review() {
        Set<String> now = transport.heartbeatNodes();
        if (now.equals(heard)) {
            return;
        }
        now.stream().filter(node -> !heard.contains(node)).forEach(node -> LOG.warn("node {} runs "
                + "heartbeat 3: while it is heard, this cluster's nodes hold only the groups heartbeat's rules leave them",
                node));
        heard.stream().filter(node -> !now.contains(node)).forEach(node -> {
            LOG.warn("node {} (heartbeat 3) silent for deadtime: dead", node);
            HeartbeatLog.nodeDead(node, true);
        });
        heard = Set.copyOf(now);
    }

    /** The heartbeat 3 nodes alive at the last {@link #review}. */
    Set<String> heard() {
        return heard;
    }

    /** The groups heartbeat's rules leave to this node while heartbeat 3 nodes are heard; none are heard: none. */
    Set<String> groupsLeftToThisNode() {
        return heard.isEmpty() ? Set.of() : transport.groupsLeftByHeartbeatNodes();
    }

    /** What this node holds, for its answers to heartbeat 3 nodes. */
    void tell(Map<String, Holding> holdings) {
        transport.holding(groupsHeld(holdings, Holding.STARTING, Holding.RUNNING),
                groupsHeld(holdings, Holding.STARTING, Holding.STOPPING));
    }

    private static Set<String> groupsHeld(Map<String, Holding> holdings, Holding... states) {
        Set<Holding> wanted = Set.of(states);
        return holdings.entrySet().stream().filter(entry -> wanted.contains(entry.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
