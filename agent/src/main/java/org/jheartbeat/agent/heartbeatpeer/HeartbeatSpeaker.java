package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of a heartbeat 3.0.6 peer's liveness: while a heartbeat 3 node is heard and says it is
 * {@code active}, this node sends heartbeat's own {@code t=status} every keepalive on ha.cf's media, so that the
 * heartbeat node counts it as a live node (its cl_status says active), and answers what 3.0.6 asks of a live node:
 * {@code reqnodes} with ha.cf's node list, {@code NS_rexmit} with the stored packet or a nak, and it acknowledges the
 * peer's messages as 3.0.6 does (one in ten), so that the peer's flow control never pauses its clients.
 *
 * <p>Why only then: a heartbeat node that hears a node during its own start-up asks it for the node list and then,
 * with nice_failback, waits for its answer to {@code starting} before it takes even its own groups; this node takes
 * no part in that handshake yet (it runs no group while a heartbeat node is heard), so it stays silent until the
 * heartbeat node's communication is up ({@code st=active}), after which heartbeat asks a node that comes up nothing.
 * A heartbeat node that restarts says {@code init}: this node falls silent again until it is active.
 *
 * <p>Generations: the first time this run speaks it uses the node's generation; whenever it speaks again after
 * being silent, or after a gap longer than its deadtime (a stall), it raises the generation on disk first and
 * counts from 1, so that a heartbeat peer that declared it dead sees a restart (new {@code hg}), never the same
 * generation returning, which makes a heartbeat node restart itself ("returning after partition").
 */
public final class HeartbeatSpeaker {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSpeaker.class);
    private static final String ACTIVE = "active";
    /** heartbeat acknowledges one message in ACK_MSG_DIV of each node's, at a random remainder per node. */
    private static final int ACK_DIVISOR = 10;
    /** heartbeat resends at most this many packets for one request (MAX_REXMIT_BATCH). */
    private static final int MAX_RESENT_PER_REQUEST = 50;

    /** Sends one packet on every medium of ha.cf. */
    @FunctionalInterface
    public interface Media {
        void send(byte[] packet);
    }

    /** Raises the generation on disk and returns it. */
    @FunctionalInterface
    public interface Generations {
        long raise() throws IOException;
    }

    private final OutgoingMessages messages;
    private final List<String> nodes;
    private final String self;
    private final Duration deadtime;
    private final Supplier<Set<String>> activePeers;
    private final Generations generations;
    private final Media media;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Supplier<Optional<String>> load;
    private final RandomGenerator random;
    private final SentHistory history = new SentHistory();
    private final Map<String, Peer> peers = new HashMap<>();
    private long generation;
    private long sequence;
    private boolean spoken;
    private boolean speaking;
    private long lastStatusNanos;

    /** What this node keeps of a heartbeat peer to address it and acknowledge its messages. */
    private static final class Peer {
        private final int ackRemainder;
        private Optional<byte[]> uuid = Optional.empty();
        private long generation = -1;
        private long lastSequence;

        private Peer(int ackRemainder) {
            this.ackRemainder = ackRemainder;
        }
    }

    /**
     * @param nodes       ha.cf's nodes, the node list this node answers
     * @param deadtime    this node's deadtime, sent as dt: the peer declares this node dead after it
     * @param activePeers the heartbeat 3 nodes heard within their deadtime whose last status said active
     * @param generation  this run's generation, larger than every earlier run's
     * @param load        /proc/loadavg's line
     */
    public HeartbeatSpeaker(OutgoingMessages messages, List<String> nodes, String self, Duration deadtime,
                            Supplier<Set<String>> activePeers, long generation, Generations generations, Media media,
                            LongSupplier nanoTime, Clock clock, Supplier<Optional<String>> load,
                            RandomGenerator random) {
        this.messages = messages;
        this.nodes = List.copyOf(nodes);
        this.self = self;
        this.deadtime = deadtime;
        this.activePeers = activePeers;
        this.generation = generation;
        this.generations = generations;
        this.media = media;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.load = load;
        this.random = random;
    }

    /** Every keepalive: a status while an active heartbeat peer is heard, nothing otherwise. */
    public synchronized void keepalive() {
        Set<String> active = activePeers.get();
        long now = nanoTime.getAsLong();
        if (active.isEmpty()) {
            if (speaking) {
                LOG.info("no active heartbeat 3 node heard: this node stops sending heartbeat status packets");
            }
            speaking = false;
            return;
        }
        boolean stalled = speaking && now - lastStatusNanos > deadtime.toNanos();
        if (!speaking || stalled) {
            if (spoken) {
                try {
                    generation = generations.raise();
                } catch (IOException e) {
                    LOG.error("cannot raise this node's generation to speak to heartbeat 3 node(s) {} again: {}; "
                            + "it stays silent to them", active, e.getMessage());
                    speaking = false;
                    return;
                }
                sequence = 0;
                history.clear();
            }
            LOG.info("sending heartbeat status packets (generation {}, deadtime {} ms) to heartbeat 3 node(s) {}{}",
                    generation, deadtime.toMillis(), active, stalled ? ", after a stall longer than deadtime" : "");
            spoken = true;
            speaking = true;
        }
        lastStatusNanos = now;
        send(messages.status(ACTIVE, deadtime), Optional.empty());
    }

    /** A message from a heartbeat 3 node of ha.cf, authentic. */
    public synchronized void heard(String node, HeartbeatMessage message) {
        Peer peer = peers.computeIfAbsent(node, name -> new Peer(random.nextInt(ACK_DIVISOR)));
        message.bytes(HeartbeatMessage.SOURCE_UUID).ifPresent(uuid -> peer.uuid = Optional.of(uuid));
        if (!speaking) {
            return;
        }
        String type = message.type().orElse("");
        boolean toUs = message.text(HeartbeatMessage.DESTINATION).map(self::equals).orElse(true);
        if (OutgoingMessages.sequenced(message)) {
            acknowledge(node, peer, message);
        }
        if (!toUs || message.text(HeartbeatMessage.DESTINATION).isEmpty()) {
            return;
        }
        if (type.equals(OutgoingMessages.REQNODES)) {
            send(messages.repnodes(node, nodes), peer.uuid);
        } else if (type.equals(OutgoingMessages.REXMIT)) {
            resend(node, peer, message);
        }
    }

    /** Whether status packets go out now. */
    public synchronized boolean speaking() {
        return speaking;
    }

    private void acknowledge(String node, Peer peer, HeartbeatMessage message) {
        Optional<Long> sequence = hex(message.text(HeartbeatMessage.SEQUENCE));
        long peerGeneration = hex(message.text(HeartbeatMessage.GENERATION)).orElse(0L);
        if (sequence.isEmpty()) {
            return;
        }
        if (peerGeneration > peer.generation) {
            peer.generation = peerGeneration;
            peer.lastSequence = 0;
        }
        // The peer's messages are not asked for again (none but its status matters to this node, and the next
        // one replaces a lost one), so a gap moves the acknowledged number on as an in-order message does.
        if (sequence.get() <= peer.lastSequence) {
            return;
        }
        peer.lastSequence = sequence.get();
        if (sequence.get() % ACK_DIVISOR == peer.ackRemainder) {
            send(messages.ack(node, sequence.get()), peer.uuid);
        }
    }

    private void resend(String node, Peer peer, HeartbeatMessage request) {
        Optional<Long> first = decimal(request.text("firstseq"));
        Optional<Long> last = decimal(request.text("lastseq"));
        if (first.isEmpty() || last.isEmpty() || first.get() > last.get()) {
            LOG.warn("node {} asked for a retransmission with invalid numbers ({} to {})", node,
                    request.text("firstseq").orElse("none"), request.text("lastseq").orElse("none"));
            return;
        }
        int resent = 0;
        long now = nanoTime.getAsLong();
        for (long wanted = first.get(); wanted <= last.get() && resent < MAX_RESENT_PER_REQUEST; wanted++) {
            SentHistory.Answer answer = history.request(wanted, sequence, now);
            if (answer instanceof SentHistory.Answer.Resend resend) {
                media.send(resend.packet());
                resent++;
            } else if (answer instanceof SentHistory.Answer.Lost lost) {
                send(messages.nak(node, wanted, lost.reason()), peer.uuid);
            }
        }
    }

    private void send(HeartbeatMessage message, Optional<byte[]> destinationUuid) {
        boolean sequenced = OutgoingMessages.sequenced(message);
        long number = sequenced ? ++sequence : 0;
        byte[] packet = messages.encode(messages.complete(message, destinationUuid,
                new OutgoingMessages.Stamp(number, generation, clock.millis() / 1000, load.get())));
        if (sequenced) {
            history.add(number, packet);
        }
        media.send(packet);
    }

    private static Optional<Long> hex(Optional<String> text) {
        try {
            return text.map(value -> Long.parseUnsignedLong(value, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> decimal(Optional<String> text) {
        try {
            return text.map(Long::parseLong).filter(number -> number > 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
