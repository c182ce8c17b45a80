package org.jheartbeat.agent.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatPacketRecognizer;
import org.jheartbeat.agent.heartbeatprotocol.Recognition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat 3 nodes this node hears on udpport: a mixed pair, one node still on heartbeat 3.0.6. Such a node
 * cannot join (it speaks heartbeat's protocol, not ours), and it does not hear us either: left alone it takes every
 * group after its initdead. So while one of ha.cf's nodes sends heartbeat packets signed with an authkeys key, it
 * counts as alive and holding whatever it may hold, and this node's cluster takes no group from it; once it has been
 * silent for deadtime it counts as dead, as any node does. One instance is shared by all the links of a node (heartbeat
 * sends on every medium); each packet costs one parse and one digest, bounded by heartbeat's largest packet.
 */
public final class HeartbeatPeers {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPeers.class);

    private final HeartbeatPacketRecognizer recognizer;
    private final String self;
    private final Set<String> nodes;
    private final long deadtimeNanos;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();

    /**
     * A heartbeat 3 node as last heard.
     *
     * @param address where its last packet came from (heartbeat sends from an ephemeral port)
     * @param last    when (wall clock, for status)
     */
    public record Heard(String node, String address, Instant last, long lastNanos) {
    }

    /**
     * @param nodes    ha.cf's node names: a heartbeat packet from any other name is dropped
     * @param deadtime how long a heartbeat 3 node counts as alive after its last packet
     */
    public HeartbeatPeers(AuthKeys keys, String self, Set<String> nodes, Duration deadtime, LongSupplier nanoTime,
                          Clock clock) {
        this.recognizer = new HeartbeatPacketRecognizer(keys);
        this.self = self;
        this.nodes = Set.copyOf(nodes);
        this.deadtimeNanos = deadtime.toNanos();
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /** Whether the datagram is framed as heartbeat's are: then it is this class's, never JGroups'. */
    static boolean isHeartbeatPacket(byte[] data, int offset, int length) {
        return HeartbeatPacketRecognizer.looksLikeHeartbeat(data, offset, length);
    }

    /**
     * A datagram framed as heartbeat's: counted as a sign of life of its node when it is authentic and from one of
     * ha.cf's nodes; else dropped through {@code seal} (counted, logged rate-limited).
     */
    void received(Object sender, byte[] data, int offset, int length, PacketSeal seal) {
        Recognition recognition = recognizer.recognize(data, offset, length);
        if (recognition instanceof Recognition.Authentic authentic) {
            String node = authentic.source();
            if (node.equals(self) || !nodes.contains(node)) {
                seal.drop(sender, "a heartbeat 3 packet from node " + node + ", "
                        + (node.equals(self) ? "this node's own name" : "which ha.cf does not list"));
                return;
            }
            String address = String.valueOf(sender);
            Heard previous = heard.put(node, new Heard(node, address, clock.instant(), nanoTime.getAsLong()));
            if (previous == null) {
                LOG.warn("node {} at {} runs heartbeat 3 (its {} packets on the cluster port, signed with authkeys "
                        + "key {}): it cannot be a member; while its packets arrive this node's cluster takes no "
                        + "group, and once it has been silent for deadtime it counts as dead", node, address,
                        authentic.type(), authentic.keyIndex());
            }
        } else if (recognition instanceof Recognition.Unauthenticated unauthenticated) {
            seal.drop(sender, "a heartbeat 3 packet" + unauthenticated.claimedSource().map(src -> " from node " + src)
                    .orElse("") + " not signed with a key authkeys lists (" + unauthenticated.reason() + ")");
        } else if (recognition instanceof Recognition.Malformed malformed) {
            seal.drop(sender, "a malformed heartbeat 3 packet (" + malformed.reason() + ")");
        }
    }

    /** The heartbeat 3 nodes heard within deadtime. */
    public Set<String> alive() {
        long now = nanoTime.getAsLong();
        Set<String> alive = new TreeSet<>();
        heard.values().stream().filter(node -> now - node.lastNanos() < deadtimeNanos)
                .forEach(node -> alive.add(node.node()));
        return alive;
    }

    /** Every heartbeat 3 node heard since start, alive or not, by name. */
    public List<Heard> heard() {
        return heard.values().stream().sorted(Comparator.comparing(Heard::node)).toList();
    }
}
