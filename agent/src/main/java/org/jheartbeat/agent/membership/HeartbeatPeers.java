package org.jheartbeat.agent.membership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.jheartbeat.agent.config.AuthKeys;
import org.jheartbeat.agent.heartbeatpeer.HeartbeatPeerLink;
import org.jheartbeat.agent.heartbeatpeer.HeartbeatSpeaker;
import org.jheartbeat.agent.heartbeatpeer.OutgoingMessages;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
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
 *
 * <p>A node counts as alive for the deadtime its last status gave ({@code dt}: heartbeat's own deadtime, which it
 * sends so that its peers use it), this node's deadtime until one is heard, and not after it said {@code dead}
 * (its {@code shutdone} after giving its groups up). Packets marked as a jheartbeat node's
 * ({@link OutgoingMessages#IMPLEMENTATION}) are no heartbeat 3 node's: a jheartbeat node speaking heartbeat's
 * protocol to a heartbeat node, this one included (its own broadcasts come back), is left to the cluster's own links.
 */
public final class HeartbeatPeers implements HeartbeatSpeaker.Peers {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPeers.class);

    private final HeartbeatPacketRecognizer recognizer;
    private final String self;
    private final Set<String> nodes;
    private final Duration deadtime;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, HeartbeatMessage> listener = (node, message) -> { };
    private volatile AutoCloseable answering = () -> { };
    private volatile Optional<HeartbeatPeerLink> link = Optional.empty();

    /**
     * A heartbeat 3 node as last heard.
     *
     * @param address  where its last packet came from (heartbeat sends from an ephemeral port)
     * @param last     when (wall clock, for status)
     * @param state    its last status ({@code st}: init, up, active, dead), empty before one is heard
     * @param deadtime how long it counts as alive after its last packet: its own {@code dt}
     */
    public record Heard(String node, String address, Instant last, long lastNanos, String state, Duration deadtime) {

        boolean aliveAt(long nanos) {
            return nanos - lastNanos < deadtime.toNanos() && !state.equals(DEAD);
        }
    }

    private static final String DEAD = "dead";
    private static final String ACTIVE = "active";

    /**
     * @param nodes    ha.cf's node names: a heartbeat packet from any other name is dropped
     * @param deadtime how long a heartbeat 3 node counts as alive after its last packet
     */
    public HeartbeatPeers(AuthKeys keys, String self, Set<String> nodes, Duration deadtime, LongSupplier nanoTime,
                          Clock clock) {
        this.recognizer = new HeartbeatPacketRecognizer(keys);
        this.self = self;
        this.nodes = Set.copyOf(nodes);
        this.deadtime = deadtime;
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
            if (authentic.message().text(OutgoingMessages.IMPLEMENTATION).filter(OutgoingMessages.JHEARTBEAT::equals)
                    .isPresent()) {
                return;
            }
            if (node.equals(self) || !nodes.contains(node)) {
                seal.drop(sender, "a heartbeat 3 packet from node " + node + ", "
                        + (node.equals(self) ? "this node's own name" : "which ha.cf does not list"));
                return;
            }
            String address = String.valueOf(sender);
            Heard previous = heard.get(node);
            heard.put(node, new Heard(node, address, clock.instant(), nanoTime.getAsLong(),
                    state(authentic.message(), previous), deadtime(authentic.message(), previous)));
            if (previous == null) {
                LOG.warn("node {} at {} runs heartbeat 3 (its {} packets on the cluster port, signed with authkeys "
                        + "key {}): it cannot be a member; while its packets arrive this node's cluster takes no "
                        + "group, and once it has been silent for deadtime it counts as dead", node, address,
                        authentic.type(), authentic.keyIndex());
            }
            listener.accept(node, authentic.message());
        } else if (recognition instanceof Recognition.Unauthenticated unauthenticated) {
            seal.drop(sender, "a heartbeat 3 packet" + unauthenticated.claimedSource().map(src -> " from node " + src)
                    .orElse("") + " not signed with a key authkeys lists (" + unauthenticated.reason() + ")");
        } else if (recognition instanceof Recognition.Malformed malformed) {
            seal.drop(sender, "a malformed heartbeat 3 packet (" + malformed.reason() + ")");
        }
    }

    /**
     * Who is told every authentic message of a heartbeat 3 node of ha.cf (this node's side of heartbeat's protocol),
     * and what {@link #close} closes.
     */
    public void answeredBy(BiConsumer<String, HeartbeatMessage> listener, AutoCloseable answering) {
        this.listener = listener;
        this.answering = answering;
    }

    /** This node's side of heartbeat's protocol: told every authentic message, asked what heartbeat's rules grant. */
    public void answeredBy(HeartbeatPeerLink peerLink) {
        answeredBy(peerLink::heard, peerLink);
        link = Optional.of(peerLink);
    }

    /**
     * What this node holds now, for its answers to heartbeat 3 nodes.
     *
     * @param held     the groups it is starting or running
     * @param changing the groups it is starting or stopping
     */
    public void holding(Set<String> held, Set<String> changing) {
        link.ifPresent(peerLink -> peerLink.holding(held, changing));
    }

    /** Every group is stopped here and the node stops: the heartbeat 3 nodes heard are told so (heartbeat's shutdone). */
    public void shutDone() {
        link.ifPresent(HeartbeatPeerLink::shutDone);
    }

    /**
     * This node's hb_standby towards the heartbeat 3 nodes heard ({@link HeartbeatPeerLink#standby}); nothing when this
     * node does not speak heartbeat's protocol.
     *
     * @param word hb_standby's argument
     */
    public void standby(String word) {
        link.ifPresent(peerLink -> peerLink.standby(word));
    }

    /** This node's hb_takeover towards the heartbeat 3 nodes heard ({@link HeartbeatPeerLink#takeover}). */
    public void takeover(String word) {
        link.ifPresent(peerLink -> peerLink.takeover(word));
    }

    /**
     * The groups heartbeat's rules leave to this node while a heartbeat 3 node is heard ({@link HeartbeatPeerLink});
     * none when it does not speak heartbeat's protocol.
     */
    public Set<String> grantedGroups() {
        return link.map(HeartbeatPeerLink::grantedGroups).orElse(Set.of());
    }

    /** The heartbeat 3 nodes heard within their deadtime that did not say they are dead. */
    @Override
    public Set<String> alive() {
        long now = nanoTime.getAsLong();
        Set<String> alive = new TreeSet<>();
        heard.values().stream().filter(node -> node.aliveAt(now)).forEach(node -> alive.add(node.node()));
        return alive;
    }

    /** Of those, the ones whose communication is up: their last status said active. */
    @Override
    public Set<String> active() {
        long now = nanoTime.getAsLong();
        Set<String> active = new TreeSet<>();
        heard.values().stream().filter(node -> node.aliveAt(now) && node.state().equals(ACTIVE))
                .forEach(node -> active.add(node.node()));
        return active;
    }

    /** Stops answering heartbeat 3 nodes. */
    public void close() {
        try {
            answering.close();
        } catch (Exception e) {
            LOG.warn("closing the heartbeat 3 answers: {}", e.getMessage());
        }
    }

    /** A status gives the state; shutdone says dead; any other message leaves it. */
    private static String state(HeartbeatMessage message, Heard previous) {
        String type = message.type().orElse("");
        if (type.equals("status") || type.equals("shutdone")) {
            return message.text("st").orElse(previous == null ? "" : previous.state());
        }
        return previous == null ? "" : previous.state();
    }

    private Duration deadtime(HeartbeatMessage message, Heard previous) {
        Optional<String> dt = message.type().filter("status"::equals).flatMap(status -> message.text("dt"));
        try {
            if (dt.isPresent()) {
                return Duration.ofMillis(Long.parseLong(dt.get(), 16));
            }
        } catch (NumberFormatException e) {
            LOG.debug("a status with dt '{}', not hex: the last deadtime stays", dt.get());
        }
        return previous == null ? deadtime : previous.deadtime();
    }

    /** Every heartbeat 3 node heard since start, alive or not, by name. */
    public List<Heard> heard() {
        return heard.values().stream().sorted(Comparator.comparing(Heard::node)).toList();
    }
}
