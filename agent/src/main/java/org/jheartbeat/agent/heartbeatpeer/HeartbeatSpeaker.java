package org.jheartbeat.agent.heartbeatpeer;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.heartbeatprotocol.HeartbeatMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of a heartbeat 3.0.6 peer's liveness and start-up: while a heartbeat 3 node is heard (alive, in
 * any state), this node sends heartbeat's own {@code t=status} every keepalive on ha.cf's media, so that the
 * heartbeat node counts it as a live node (its cl_status says active), and answers what 3.0.6 asks of a live node:
 * {@code reqnodes} with ha.cf's node list, {@code NS_rexmit} with the stored packet or a nak, and it acknowledges the
 * peer's messages as 3.0.6 does (one in ten), so that the peer's flow control never pauses its clients.
 *
 * <p>It also takes part in the nice_failback start-up handshake ({@link NiceFailback}): it answers the peer's
 * {@code t=starting} with what this node holds, asks the same with its own {@code t=starting} when it starts
 * speaking holding nothing, and reads the peer's {@code t=resource} answers. A heartbeat node that hears a node during
 * its own start-up waits for that answer before it takes even its own groups, so this node speaks during the peer's
 * start-up too: the peer then leaves alone what this node holds instead of taking every group once its initdead ends.
 *
 * <p>Generations: the first time this run speaks it uses the node's generation; whenever it speaks again after
 * being silent, or after a gap longer than its deadtime (a stall), it raises the generation on disk first and
 * counts from 1, so that a heartbeat peer that declared it dead sees a restart (new {@code hg}), never the same
 * generation returning, which makes a heartbeat node restart itself ("returning after partition"). The peer's own
 * generation tells the other way round: heard again in the run it had before the silence, it is back from a partition
 * and may hold what this node took meanwhile, so it is asked ({@link NiceFailback#rejoin}).
 */
public final class HeartbeatSpeaker {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSpeaker.class);
    private static final String ACTIVE = "active";
    /** The comment of heartbeat's resource message from a node giving groups up in a standby handover. */
    private static final String STANDBY = "standby";
    /** hb_standby's other name for foreign. */
    private static final String FAILBACK = "failback";
    /** heartbeat acknowledges one message in ACK_MSG_DIV of each node's, at a random remainder per node. */
    private static final int ACK_DIVISOR = 10;
    /** heartbeat resends at most this many packets for one request (MAX_REXMIT_BATCH); naks count here too. */
    private static final int MAX_ANSWERS_PER_REQUEST = 50;

    /** Sends one packet on every medium of ha.cf. */
    @FunctionalInterface
    public interface Media {
        void send(byte[] packet);
    }

    /** The heartbeat 3 nodes of ha.cf heard within their deadtime that did not say they are dead. */
    public interface Peers {
        Set<String> alive();

        /** Of those, the ones whose last status said active: their communication is up. */
        Set<String> active();
    }

    /**
     * What this node holds, by heartbeat's classes.
     *
     * @param held         the classes of the groups it is starting or running
     * @param changing     whether a group is starting or stopping here
     * @param unconfigured the classes haresources has no group in: held by taking them
     */
    public record HeldHere(ResourceClasses held, boolean changing, ResourceClasses unconfigured) {

        public static final HeldHere NOTHING = new HeldHere(ResourceClasses.NONE, false, ResourceClasses.NONE);

        /** Done changing: nothing starting or stopping, and every class granted held. */
        boolean settledWith(ResourceClasses granted) {
            return !changing && held.without(unconfigured).equals(granted.without(unconfigured));
        }
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
    private final Peers heartbeatNodes;
    private final Supplier<HeldHere> here;
    /** Empty with auto_failback legacy, where heartbeat has no start-up handshake. */
    private final Optional<NiceFailback> niceFailback;
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
    /** Said shutdone: silent for good. */
    private boolean shutDone;
    private long lastStatusNanos;

    /** What this node keeps of a heartbeat peer to address it and acknowledge its messages. */
    private static final class Peer {
        private final int ackRemainder;
        private Optional<byte[]> uuid = Optional.empty();
        /** The generation of the messages this node acknowledged, while it spoke to the peer. */
        private long generation = -1;
        /** The generation of the peer's latest message, whether this node spoke or not. */
        private long latestGeneration = -1;
        private long lastSequence;

        private Peer(int ackRemainder) {
            this.ackRemainder = ackRemainder;
        }
    }

    /**
     * @param nodes          ha.cf's nodes, the node list this node answers
     * @param deadtime       this node's deadtime, sent as dt: the peer declares this node dead after it
     * @param heartbeatNodes the heartbeat 3 nodes heard
     * @param here           what this node holds now
     * @param autoFailback   ha.cf's auto_failback: on or off is heartbeat's nice_failback ({@link NiceFailback}); with
     *                       legacy heartbeat takes its own groups as soon as its communication is up, asking
     *                       nobody, so this node holds nothing while it hears a heartbeat node and stays silent to one
     *                       starting
     * @param generation     this run's generation, larger than every earlier run's
     * @param load           /proc/loadavg's line
     */
    public HeartbeatSpeaker(OutgoingMessages messages, List<String> nodes, String self, Duration deadtime,
                            Peers heartbeatNodes, Supplier<HeldHere> here, AutoFailback autoFailback, long generation,
                            Generations generations, Media media, LongSupplier nanoTime, Clock clock, Supplier<Optional<String>> load,
                            RandomGenerator random) {
        this.messages = messages;
        this.nodes = List.copyOf(nodes);
        this.self = self;
        this.deadtime = deadtime;
        this.heartbeatNodes = heartbeatNodes;
        this.here = here;
        this.niceFailback = autoFailback == AutoFailback.LEGACY ? Optional.empty()
                : Optional.of(new NiceFailback(NiceFailback.REQUEST_DELAY, StandbyHandover.ANSWER_WAIT,
                        autoFailback == AutoFailback.ON));
        this.generation = generation;
        this.generations = generations;
        this.media = media;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.load = load;
        this.random = random;
    }

    /** Every keepalive: a status while a heartbeat peer is heard, and what the start-up handshake owes it. */
    public synchronized void keepalive() {
        if (shutDone) {
            return;
        }
        Set<String> alive = niceFailback.isPresent() ? heartbeatNodes.alive() : heartbeatNodes.active();
        long now = nanoTime.getAsLong();
        if (alive.isEmpty()) {
            if (speaking) {
                LOG.info("no heartbeat 3 node heard: this node stops sending heartbeat status packets");
                niceFailback.ifPresent(NiceFailback::end);
            }
            speaking = false;
            return;
        }
        boolean active = !heartbeatNodes.active().isEmpty();
        boolean stalled = speaking && now - lastStatusNanos > deadtime.toNanos();
        boolean starting = !speaking;
        boolean backFromPartition = starting && spoken && alive.stream().map(peers::get)
                .anyMatch(peer -> peer != null && peer.generation >= 0 && peer.latestGeneration == peer.generation);
        if (!speaking || stalled) {
            if (spoken) {
                try {
                    generation = generations.raise();
                } catch (IOException e) {
                    LOG.error("cannot raise this node's generation to speak to heartbeat 3 node(s) {} again: {}; "
                            + "it stays silent to them", alive, e.getMessage());
                    speaking = false;
                    return;
                }
                sequence = 0;
                history.clear();
            }
            LOG.info("sending heartbeat status packets (generation {}, deadtime {} ms) to heartbeat 3 node(s) {}{}",
                    generation, deadtime.toMillis(), alive, stalled ? ", after a stall longer than deadtime" : "");
            spoken = true;
            speaking = true;
        }
        lastStatusNanos = now;
        send(messages.status(ACTIVE, deadtime), Optional.empty());
        HeldHere held = here.get();
        niceFailback.ifPresent(rules -> announce(backFromPartition ? rules.rejoin(held.held(), active, now)
                : starting ? rules.begin(held.held(), active, now)
                : rules.review(now, held.settledWith(rules.granted()), active)));
    }

    /**
     * The classes heartbeat's rules let this node hold while a heartbeat peer is heard ({@link NiceFailback}); a peer
     * heard since the last keepalive is spoken to first, so that what this node holds now is what it keeps.
     */
    public synchronized ResourceClasses granted() {
        if (niceFailback.isEmpty()) {
            return ResourceClasses.NONE;
        }
        if (!speaking && !heartbeatNodes.alive().isEmpty()) {
            keepalive();
        }
        return niceFailback.get().granted();
    }

    /**
     * This node stops cleanly and every group is stopped here: it says so as heartbeat's clean stop does
     * ({@code resource rsc_hold=none info=shutdown}, then {@code shutdone st=dead}), so that a heartbeat peer takes the
     * groups over at once instead of after this node's deadtime, and sends nothing more.
     */
    public synchronized void shutDone() {
        if (speaking) {
            send(messages.resources(ResourceClasses.NONE, false, Optional.of("shutdown")), Optional.empty());
            send(messages.shutdone(), Optional.empty());
            LOG.info("told heartbeat 3 node(s) {} that this node has given every group up (shutdone)",
                    heartbeatNodes.alive());
        }
        speaking = false;
        shutDone = true;
    }

    /** A message from a heartbeat 3 node of ha.cf, authentic. */
    public synchronized void heard(String node, HeartbeatMessage message) {
        Peer peer = peers.computeIfAbsent(node, name -> new Peer(random.nextInt(ACK_DIVISOR)));
        message.bytes(HeartbeatMessage.SOURCE_UUID).ifPresent(uuid -> peer.uuid = Optional.of(uuid));
        hex(message.text(HeartbeatMessage.GENERATION)).ifPresent(heard -> peer.latestGeneration = heard);
        if (!speaking) {
            return;
        }
        String type = message.type().orElse("");
        boolean toUs = message.text(HeartbeatMessage.DESTINATION).map(self::equals).orElse(true);
        if (OutgoingMessages.sequenced(message)) {
            acknowledge(node, peer, message);
        }
        if (toUs && niceFailback.isPresent() && type.equals(OutgoingMessages.STARTING)) {
            announce(niceFailback.get().starting(settled(niceFailback.get())));
        } else if (toUs && niceFailback.isPresent() && type.equals(OutgoingMessages.RESOURCES)) {
            resources(node, message, niceFailback.get());
        } else if (toUs && niceFailback.isPresent() && type.equals(OutgoingMessages.ASK_RESOURCES)) {
            askResources(node, message, niceFailback.get());
        } else if (toUs && niceFailback.isPresent() && type.equals(OutgoingMessages.HB_TAKEOVER)) {
            NiceFailback rules = niceFailback.get();
            announce(rules.peerTakeover(message.text(OutgoingMessages.RESOURCES_HELD).orElse(""),
                    nanoTime.getAsLong(), settled(rules)));
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

    /**
     * This node's hb_standby towards the heartbeat peer ({@link NiceFailback#standby}).
     *
     * @param word hb_standby's argument: all, local, foreign, or failback (heartbeat's hb_standby asks for foreign
     *             then)
     * @return whether it was asked (else the log says why not, unless no heartbeat 3 node is heard)
     */
    public synchronized boolean standby(String word) {
        String classes = word.equals(FAILBACK) ? ResourceClasses.FOREIGN.word() : word;
        return ask(rules -> rules.standby(classes, nanoTime.getAsLong(), settled(rules)));
    }

    /**
     * This node's hb_takeover towards the heartbeat peer: {@code t=hb_takeover}, on which the peer goes standby.
     *
     * @param word hb_takeover's argument: all, local, foreign or failback
     * @return whether it was asked (else the log says why not, unless no heartbeat 3 node is heard)
     */
    public synchronized boolean takeover(String word) {
        return ask(rules -> rules.takeover(word));
    }

    private boolean ask(Function<NiceFailback, List<NiceFailback.Announcement>> request) {
        if (!speaking) {
            return false;
        }
        if (niceFailback.isEmpty()) {
            LOG.warn("auto_failback legacy: heartbeat 3 node(s) {} have no standby (heartbeat's nice_failback is off); "
                    + "nothing is asked of them", heartbeatNodes.alive());
            return false;
        }
        List<NiceFailback.Announcement> said = request.apply(niceFailback.get());
        announce(said);
        return !said.isEmpty();
    }

    /** Whether status packets go out now. */
    public synchronized boolean speaking() {
        return speaking;
    }

    private void resources(String node, HeartbeatMessage message, NiceFailback rules) {
        Optional<ResourceClasses> theirs = message.text(OutgoingMessages.RESOURCES_HELD).flatMap(ResourceClasses::of);
        if (theirs.isEmpty()) {
            LOG.warn("node {} sent a resource message without a known {} ({}): ignored", node,
                    OutgoingMessages.RESOURCES_HELD, message.text(OutgoingMessages.RESOURCES_HELD).orElse("none"));
            return;
        }
        boolean full = message.text("rtype").filter("full"::equals).isPresent();
        Optional<Boolean> stable = message.text("isstable").map("1"::equals);
        announce(rules.resources(theirs.get(), full, stable, nanoTime.getAsLong(), settled(rules)));
    }

    private void askResources(String node, HeartbeatMessage message, NiceFailback rules) {
        Optional<String> word = message.text(OutgoingMessages.RESOURCES_HELD);
        Optional<ResourceClasses> theirs = word.flatMap(ResourceClasses::of);
        Optional<String> info = message.text("info");
        if (theirs.isEmpty() || info.isEmpty()) {
            LOG.warn("node {} sent a standby message without a known {} or info ({}, {}): ignored", node,
                    OutgoingMessages.RESOURCES_HELD, word.orElse("none"), info.orElse("none"));
            return;
        }
        announce(rules.askResources(theirs.get(), word.get(), info.get(), settled(rules)));
    }

    private boolean settled(NiceFailback rules) {
        return here.get().settledWith(rules.granted());
    }

    private void announce(List<NiceFailback.Announcement> announcements) {
        for (NiceFailback.Announcement announcement : announcements) {
            if (announcement instanceof NiceFailback.Held held) {
                send(messages.resources(held.classes(), held.stable(), Optional.empty()), Optional.empty());
            } else if (announcement instanceof NiceFailback.Ask ask) {
                send(messages.askResources(ask.resources(), ask.info()), Optional.empty());
            } else if (announcement instanceof NiceFailback.Releasing releasing) {
                send(messages.resources(releasing.classes(), false, Optional.of(STANDBY)), Optional.empty());
            } else if (announcement instanceof NiceFailback.Takeover takeover) {
                send(messages.takeover(takeover.resources()), Optional.empty());
            } else {
                send(messages.starting(), Optional.empty());
            }
        }
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
        int answered = 0;
        long now = nanoTime.getAsLong();
        // Numbers not sent yet get no answer, so the range ends at the last one sent; resends and naks together are
        // bounded, so that no request, however wide, holds this node up.
        long upTo = Math.min(last.get(), sequence);
        for (long wanted = first.get(); wanted <= upTo && answered < MAX_ANSWERS_PER_REQUEST; wanted++) {
            SentHistory.Answer answer = history.request(wanted, sequence, now);
            if (answer instanceof SentHistory.Answer.Resend resend) {
                media.send(resend.packet());
                answered++;
            } else if (answer instanceof SentHistory.Answer.Lost lost) {
                send(messages.nak(node, wanted, lost.reason()), peer.uuid);
                answered++;
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
