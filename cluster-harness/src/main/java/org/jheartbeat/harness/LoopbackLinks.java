package org.jheartbeat.harness;

import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.membership.FailureDetection;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.KeyRing;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.PacketSeal;
import org.jheartbeat.agent.membership.TransportStacks;

/**
 * A simulated node's one link, in place of ha.cf's media: JGroups' shared loopback (every channel of the JVM
 * with the same cluster name hears the others) sealing and opening every datagram with the node's own
 * {@link PacketSeal} from its authkeys, the
 * failure detection of its ha.cf timings, and a DISCARD right above the transport that cuts it off from the
 * peers a partition separates it from, as JGroups' own tests do.
 */
final class LoopbackLinks implements LinkFactory {

    static final String LINK_NAME = "loop";

    private final ClusterConfig config;
    private final DISCARD discard = new DISCARD();
    private volatile PacketSeal seal;

    LoopbackLinks(ClusterConfig config) {
        this.config = config;
    }

    @Override
    public List<Membership.Link> links(long generation, HeartbeatThreads threads) {
        seal = new PacketSeal(KeyRing.of(config.authKeys()), config.localNode(), generation);
        List<Protocol> stack = new ArrayList<>(List.of(new SealedLoopback(seal), discard,
                new SHARED_LOOPBACK_PING()));
        stack.addAll(TransportStacks.upperLayers(FailureDetection.of(config.haCf().timing())));
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
        return seal == null ? 0 : seal.dropped();
    }
}
