package org.jheartbeat.agent.membership;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.Medium;

/**
 * The links of this node from ha.cf's media: one per bcast interface and mcast line, and one per interface
 * for all the ucast lines on it (heartbeat sites write one ucast line per peer, identical on every node; the
 * line naming this node's own address is left out, as heartbeat ignores it). Each link seals its own packets
 * ({@link PacketSeal}) with this node's name and generation.
 */
public final class MediaLinks {

    private MediaLinks() {
    }

    /**
     * @param generation this run of the agent, larger than every earlier run of this node
     * @param threads    what each thread of a generated link does first (an expert's stack file, which replaces
     *                   the generated links with one link, keeps the threads its XML makes)
     */
    public static List<Membership.Link> of(ClusterConfig config, long generation, HeartbeatThreads threads) {
        KeyRing keys = KeyRing.of(config.authKeys());
        String node = config.localNode();
        Optional<Path> stackFile = config.settings().transport().stackFile();
        if (stackFile.isPresent()) {
            return List.of(Membership.Link.fromStackFile(stackFile.get().getFileName().toString(), stackFile.get(),
                    new PacketSeal(keys, node, generation)));
        }
        FailureDetection detection = FailureDetection.of(config.haCf().timing());
        List<Membership.Link> links = new ArrayList<>();
        Map<String, List<String>> unicastPeers = new LinkedHashMap<>();
        Map<String, Medium.Unicast> firstUnicast = new LinkedHashMap<>();
        for (Medium medium : config.haCf().media()) {
            if (medium instanceof Medium.Unicast unicast) {
                firstUnicast.putIfAbsent(unicast.device(), unicast);
                List<String> peers = unicastPeers.computeIfAbsent(unicast.device(), device -> new ArrayList<>());
                if (!LocalAddresses.isLocal(unicast.peer())) {
                    peers.add(unicast.peer());
                }
            } else {
                links.add(link(medium, List.of(), detection, new PacketSeal(keys, node, generation), threads));
            }
        }
        for (Map.Entry<String, Medium.Unicast> unicast : firstUnicast.entrySet()) {
            links.add(link(unicast.getValue(), unicastPeers.get(unicast.getKey()), detection,
                    new PacketSeal(keys, node, generation), threads));
        }
        return links;
    }

    private static Membership.Link link(Medium medium, List<String> unicastPeers, FailureDetection detection,
                                        PacketSeal seal, HeartbeatThreads threads) {
        return new Membership.Link(medium.device(), TransportStacks.forMedium(medium,
                TransportStacks.interfaceAddress(medium.device()), unicastPeers, detection, seal, threads));
    }
}
