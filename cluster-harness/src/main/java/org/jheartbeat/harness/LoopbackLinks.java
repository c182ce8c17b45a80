package org.jheartbeat.harness;

import com.google.common.base.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.membership.DeadtimeDetector;
import org.jheartbeat.agent.membership.FailureDetection;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.KeyRing;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.LinkGuard;
import org.jheartbeat.agent.membership.MediaLinks;
import org.jheartbeat.agent.membership.TransportStacks;

/**
 * A simulated node's one link, in place of ha.cf's media: JGroups' shared loopback (every channel of the JVM
 * with the same cluster name hears the others) sealing and opening every datagram with the node's own
 * {@link LinkGuard} from its authkeys and ha.cf, the
 * failure detection of its ha.cf timings, and a {@link Cable} right above the transport that cuts it off from the
 * peers a partition separates it from (the guard hears nothing of them either), or splits only the views.
 */
final class LoopbackLinks implements LinkFactory {

    static final String LINK_NAME = "loop";

    private final ClusterConfig config;
    private final byte[] linkAddress;
    private final Cable cable = new Cable();
    private volatile LinkGuard guard;

    /** @param linkAddress the machine's own address on the link ({@link SealedLoopback#newLinkAddress}) */
    LoopbackLinks(ClusterConfig config, byte[] linkAddress) {
        this.config = config;
        this.linkAddress = linkAddress;
    }

    @Override
    public List<Membership.Link> links(long generation, HeartbeatThreads threads) {
        guard = MediaLinks.guard(config, KeyRing.of(config.authKeys()), generation, MediaLinks.heartbeatPeers(config));
        List<Protocol> stack = new ArrayList<>(List.of(new SealedLoopback(guard, cable, linkAddress), cable));
        stack.addAll(TransportStacks.aboveTransport(new DeadtimeDetector(FailureDetection.of(config.haCf().timing()),
                Ticker.systemTicker()), new SHARED_LOOPBACK_PING()));
        return List.of(new Membership.Link(LINK_NAME, stack));
    }

    Cable cable() {
        return cable;
    }

    Address address() {
        return cable.getAddress();
    }

    /** How many packets this node dropped for failing authentication. */
    long rejected() {
        return guard == null ? 0 : guard.dropped();
    }
}
