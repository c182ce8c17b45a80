package org.jheartbeat.agent.membership;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.SecretKey;
import org.jheartbeat.agent.config.HaCf;
import org.jheartbeat.agent.config.Medium;

/**
 * The links of this node from ha.cf's media: one per bcast interface and mcast line, and one per interface
 * for all the ucast lines on it (heartbeat sites write one ucast line per peer, identical on every node; the
 * line naming this node's own address is left out, as heartbeat ignores it).
 */
public final class MediaLinks {

    private MediaLinks() {
    }

    /**
     * @param stackFile an expert's JGroups stack, which then replaces the generated links with one link (its
     *                  threads are as its XML makes them)
     * @param threads   what each thread of a generated link does first
     */
    public static List<Membership.Link> of(HaCf haCf, Optional<Path> stackFile, SecretKey key, Clock clock,
                                    long incarnation, Predicate<String> isLocalAddress, HeartbeatThreads threads) {
        if (stackFile.isPresent()) {
            return List.of(Membership.Link.fromStackFile(stackFile.get().getFileName().toString(), stackFile.get(),
                    new MessageAuthentication(key, clock, incarnation)));
        }
        FailureDetection detection = FailureDetection.of(haCf.timing());
        List<Membership.Link> links = new ArrayList<>();
        Map<String, List<String>> unicastPeers = new LinkedHashMap<>();
        Map<String, Medium.Unicast> firstUnicast = new LinkedHashMap<>();
        for (Medium medium : haCf.media()) {
            if (medium instanceof Medium.Unicast unicast) {
                firstUnicast.putIfAbsent(unicast.device(), unicast);
                List<String> peers = unicastPeers.computeIfAbsent(unicast.device(), device -> new ArrayList<>());
                if (!isLocalAddress.test(unicast.peer())) {
                    peers.add(unicast.peer());
                }
            } else {
                links.add(new Membership.Link(medium.linkName(), TransportStacks.forMedium(medium, List.of(),
                        detection, new MessageAuthentication(key, clock, incarnation), threads)));
            }
        }
        for (Map.Entry<String, Medium.Unicast> unicast : firstUnicast.entrySet()) {
            links.add(new Membership.Link(unicast.getKey(), TransportStacks.forMedium(unicast.getValue(),
                    unicastPeers.get(unicast.getKey()), detection, new MessageAuthentication(key, clock, incarnation),
                    threads)));
        }
        return links;
    }
}
