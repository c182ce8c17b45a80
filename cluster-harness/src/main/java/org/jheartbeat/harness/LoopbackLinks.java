package org.jheartbeat.harness;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.membership.ClusterKey;
import org.jheartbeat.agent.membership.FailureDetection;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.MessageAuthentication;
import org.jheartbeat.agent.membership.TransportStacks;

/**
 * A simulated node's one link, in place of ha.cf's media: JGroups' shared loopback (every channel of the JVM
 * with the same cluster name hears the others), the node's own packet authentication from its authkeys, the
 * failure detection of its ha.cf timings, and a DISCARD right above the transport that cuts it off from the
 * peers a partition separates it from, as JGroups' own tests do.
 */
final class LoopbackLinks implements LinkFactory {

    static final String LINK_NAME = "loop";

    private final ClusterConfig config;
    private final Clock clock;
    private final DISCARD discard = new DISCARD();
    private volatile MessageAuthentication authentication;

    LoopbackLinks(ClusterConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public List<Membership.Link> links(long incarnation, HeartbeatThreads threads) {
        authentication = new MessageAuthentication(ClusterKey.derive(config.authKeys()), clock, incarnation);
        List<Protocol> stack = new ArrayList<>(List.of(new SHARED_LOOPBACK(), discard, authentication,
                new SHARED_LOOPBACK_PING()));
        stack.addAll(TransportStacks.upperLayers(FailureDetection.of(config.haCf().timing()), List.of()));
        return List.of(new Membership.Link(LINK_NAME, stack));
    }

    DISCARD discard() {
        return discard;
    }

    Address address() {
        return discard.getAddress();
    }

    /** How many packets this node dropped for failing authentication. */
    long rejected() {
        return authentication == null ? 0 : authentication.rejected();
    }
}
