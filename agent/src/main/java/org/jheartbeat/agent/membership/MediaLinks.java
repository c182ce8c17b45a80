package org.jheartbeat.agent.membership;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jgroups.JChannel;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.heartbeatpeer.HeartbeatPeerLink;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links of this node from ha.cf's media as {@link LinkPlan} plans them, each bound to the node's own address on
 * its interface and sealing its packets ({@link PacketSeal}) with this node's name and generation.
 */
public final class MediaLinks {

    private static final Logger LOG = LoggerFactory.getLogger(MediaLinks.class);

    private MediaLinks() {
    }

    /**
     * @param generation this run of the agent, larger than every earlier run of this node
     * @param threads    what each thread of a generated link, and the one that answers heartbeat 3 peers, does first
     *                   (an expert's stack file, which replaces the generated links with one link, keeps the
     *                   threads its XML makes)
     * @throws IllegalStateException naming the interface when a link has no address of the node's own to bind
     *                               (a link whose address and port an earlier one binds is left out, with a warning)
     */
    public static List<Membership.Link> of(ClusterConfig config, long generation, HeartbeatThreads threads) {
        KeyRing keys = KeyRing.of(config.authKeys());
        HeartbeatPeers heartbeatPeers = heartbeatPeers(config);
        answerHeartbeatPeers(config, generation, heartbeatPeers, threads);
        Optional<Path> stackFile = config.settings().transport().stackFile();
        if (stackFile.isPresent()) {
            return List.of(Membership.Link.fromStackFile(stackFile.get().getFileName().toString(), stackFile.get(),
                    guard(config, keys, generation, heartbeatPeers)));
        }
        FailureDetection detection = FailureDetection.of(config.haCf().timing());
        List<Membership.Link> links = new ArrayList<>();
        for (LinkPlan.Link planned : LinkPlan.of(config, Interfaces.kernel(new ProcessCommandRunner()),
                LinkPlan.Resolver.SYSTEM)) {
            if (planned.boundBy().isPresent()) {
                LOG.warn("link {}", planned.describe());
                continue;
            }
            LinkAddress bind = planned.address().orElseThrow(() -> new IllegalStateException(planned.problem()));
            LOG.info("link {}", planned.describe());
            LinkGuard guard = guard(config, keys, generation, heartbeatPeers);
            // A new stack for every channel the link builds: a channel whose join failed cannot be joined again.
            links.add(new Membership.Link(planned.name(), () -> new JChannel(TransportStacks.forMedium(planned.name(),
                    planned.medium(), bind.address(), planned.unicastPeers(), detection, guard, threads))));
        }
        return links;
    }

    /** Each link its own guard: its own counter, its own view of who speaks for which name. */
    public static LinkGuard guard(ClusterConfig config, KeyRing keys, long generation, HeartbeatPeers heartbeatPeers) {
        return new LinkGuard(new PacketSeal(keys, config.localNode(), generation), heartbeatPeers, config.localNode(),
                generation, Set.copyOf(config.haCf().nodes()), config.haCf().timing().deadtime(), System::nanoTime,
                Clock.systemUTC());
    }

    /**
     * This node speaks heartbeat's protocol to the heartbeat 3 nodes it hears (its status, as a live node), with
     * its generation, raised again on disk when it speaks again after a silence. Its status goes out from a thread
     * prepared as the links' are: heartbeat 3 warns of a late heartbeat, and declares the node dead, by that pace.
     *
     * @throws IllegalStateException naming the file when this node's hb_uuid can be neither read nor made
     */
    private static void answerHeartbeatPeers(ClusterConfig config, long generation, HeartbeatPeers heartbeatPeers,
                                             HeartbeatThreads threads) {
        Path generationFile = config.settings().transport().generationFile();
        try {
            HeartbeatPeerLink link = HeartbeatPeerLink.start(config, generation,
                    () -> Generation.raise(generationFile, Clock.systemUTC()), heartbeatPeers,
                    threads::prepareCurrentThread);
            heartbeatPeers.answeredBy(link);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One for all of a node's links: heartbeat sends the same packets on every medium. */
    public static HeartbeatPeers heartbeatPeers(ClusterConfig config) {
        return new HeartbeatPeers(config.authKeys(), config.localNode(), Set.copyOf(config.haCf().nodes()),
                config.haCf().timing().deadtime(), System::nanoTime, Clock.systemUTC());
    }
}
