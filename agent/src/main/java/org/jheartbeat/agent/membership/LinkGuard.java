package org.jheartbeat.agent.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a link lets in: every datagram opened by its {@link PacketSeal}, then its sender admitted by name; a
 * heartbeat 3 packet goes to the node's {@link HeartbeatPeers} instead. A sender
 * is refused when its name is not one of ha.cf's nodes, when another address already speaks for that name (heard
 * within deadtime: two machines with one name, a cloned VM), or when its generation is older than one already seen
 * from it (its hb_generation went back, or a replay). Each refusal is logged once with both sides' addresses, kept
 * for {@code hbctl status}, and answered with a sealed notice, so the refused process learns it is refused instead
 * of believing its peers dead and taking their groups. The peers arbitrate: the address heard first keeps the name.
 *
 * <p>A process told it is refused ({@link #refusedHere}), and a process that hears its own name from another address
 * before it ever shared a view with a peer (the newcomer: a member would have been in one), sends nothing more and
 * lets nothing in: it stays alone, and its cluster node runs no group. A member that hears its name from elsewhere
 * logs it and leaves the newcomer to the peers.
 */
public final class LinkGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LinkGuard.class);
    private static final long NOTICE_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration REFUSALS_SHOWN_FOR = Duration.ofMinutes(10);

    private final PacketSeal seal;
    private final HeartbeatPeers heartbeatPeers;
    private final String self;
    private final long generation;
    private final Set<String> nodes;
    private final long deadtimeNanos;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    private final Map<String, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    /** Nodes that said they leave, with the generation that said it: that run's packets no longer count as heard. */
    private final Map<String, Long> departed = new ConcurrentHashMap<>();
    private final Map<String, Long> lastNotice = new ConcurrentHashMap<>();
    private volatile String refusedHere;
    private volatile boolean member;
    private volatile Consumer<String> onRefused = reason -> { };
    private volatile GuardWordListener guardWords = (node, position, word) -> { };
    private volatile byte[] selfFrom = new byte[0];
    private volatile String boundTo = "?";

    /** Who speaks for a node name on this link, when it was last heard, and in which run (its generation). */
    private record Claim(byte[] from, String address, long heardNanos, long generation) {
    }

    /**
     * A sender this node refuses, for status: its node name, its address, why, and when it was last refused.
     */
    public record Refusal(String node, String address, String reason, Instant last) {
    }

    /** What became of one authentic datagram. */
    public sealed interface Receipt {
        /** JGroups' bytes, for JGroups. */
        record Deliver(int offset, int length) implements Receipt {
        }

        /** Refused: this sealed notice goes back to where the datagram came from. */
        record Answer(byte[] notice) implements Receipt {
        }
    }

    /**
     * @param nodes    ha.cf's node names: no other name is let in
     * @param deadtime how long a name's address stays its own after its last datagram
     */
    public LinkGuard(PacketSeal seal, HeartbeatPeers heartbeatPeers, String self, long generation, Set<String> nodes,
                     Duration deadtime, LongSupplier nanoTime, Clock clock) {
        this.seal = seal;
        this.heartbeatPeers = heartbeatPeers;
        this.self = self;
        this.generation = generation;
        this.nodes = Set.copyOf(nodes);
        this.deadtimeNanos = deadtime.toNanos();
        this.nanoTime = nanoTime;
        this.clock = clock;
    }

    /**
     * The address this link sends from, once its socket is bound: encoded for the notices it seals, and written for
     * the log lines that name both sides.
     */
    public void boundTo(byte[] from, String address) {
        this.selfFrom = from.clone();
        this.boundTo = address;
    }

    /** This process shares a view with a peer: from now on it keeps its name against a newcomer. */
    public void joined() {
        member = true;
    }

    /** Who learns that this process is refused (its membership, which tells its cluster node). */
    public void onRefused(Consumer<String> listener) {
        this.onRefused = listener;
        refusedHere().ifPresent(listener);
    }

    /** Hears the words of other nodes' guards ({@link PacketSeal#GUARD}), once per word on this link. */
    @FunctionalInterface
    public interface GuardWordListener {
        /**
         * @param position the word's place among its guard's words: the guard's generation, and the word's index
         *                 there; a count apart from the node's messages
         */
        void heard(String node, SenderPosition position, byte[] word);
    }

    public void onGuardWord(GuardWordListener listener) {
        this.guardWords = listener;
    }

    /**
     * A word for this node's guard to send to every node once this process is gone, sealed now with this run's key,
     * name and generation ({@link PacketSeal#sealAhead}); {@code index} orders the words.
     */
    public byte[] sealAhead(byte[] from, int index, byte[] word) {
        return seal.sealAhead(from, index, word);
    }

    /** JGroups' bytes sealed for sending; empty once this process is refused (it sends nothing then). */
    public Optional<byte[]> outgoing(byte[] from, byte[] data, int offset, int length) {
        return refusedHere == null ? Optional.of(seal.seal(from, data, offset, length)) : Optional.empty();
    }

    /**
     * A sign of life sealed for sending to every node, whatever JGroups' views say ({@link #heardWithin}); empty once
     * this process is refused.
     */
    public Optional<byte[]> liveness(byte[] from) {
        return refusedHere == null ? Optional.of(seal.seal(PacketSeal.LIVENESS, from, new byte[0], 0, 0))
                : Optional.empty();
    }

    /**
     * @param sender the datagram's source, for the log
     * @param from   the same, encoded as the transport encodes its own address
     * @return what to do with the datagram, or null to drop it (it is counted)
     */
    public Receipt incoming(Object sender, byte[] from, byte[] data, int offset, int length) {
        if (HeartbeatPeers.isHeartbeatPacket(data, offset, length)) {
            heartbeatPeers.received(sender, data, offset, length, seal);
            return null;
        }
        PacketSeal.Opened opened = seal.open(sender, from, data, offset, length);
        if (opened == null || refusedHere != null) {
            return null;
        }
        String address = String.valueOf(sender);
        String node = opened.node();
        if (opened.kind() == PacketSeal.NOTICE) {
            readNotice(node, address, data, opened);
            return null;
        }
        if (opened.kind() == PacketSeal.GUARD) {
            guardWord(sender, node, data, opened);
            return null;
        }
        long now = nanoTime.getAsLong();
        if (node.equals(self)) {
            ourNameElsewhere(address);
            return null;
        }
        if (!nodes.contains(node)) {
            return refuse(node, opened.generation(), address, now, "node name " + node + " is not one of ha.cf's "
                    + "nodes here (" + String.join(", ", nodes.stream().sorted().toList()) + ")");
        }
        Claim claim = claims.get(node);
        if (claim != null && !Arrays.equals(claim.from(), from) && now - claim.heardNanos() < deadtimeNanos) {
            return refuse(node, opened.generation(), address, now, "node name " + node + " is in use by the "
                    + "process at " + claim.address() + " (two machines with one name? a cloned VM?)");
        }
        ReplayWindow window = windows.computeIfAbsent(node, sending -> new ReplayWindow());
        ReplayWindow.Verdict verdict = window.accept(opened.generation(), opened.counter());
        if (verdict == ReplayWindow.Verdict.REPLAYED) {
            seal.drop(sender, "node " + node + "'s packet replayed");
            return null;
        }
        if (verdict == ReplayWindow.Verdict.EARLIER_GENERATION) {
            return refuse(node, opened.generation(), address, now, "node " + node + "'s generation "
                    + opened.generation()
                    + " is older than " + window.generation() + ", seen from it before (its hb_generation went back, "
                    + "or a replay of an earlier run): start it with a generation above " + window.generation());
        }
        claims.put(node, new Claim(from, address, now, opened.generation()));
        return opened.kind() == PacketSeal.LIVENESS ? null : new Receipt.Deliver(opened.offset(), opened.length());
    }

    /**
     * A word of a node's guard, sent from where its agent sent once the agent is gone: not a sign of that agent's life,
     * so it counts in neither the claims nor {@link #heardWithin}, and nobody is refused or answered for it (its sender
     * does not listen). ha.cf's other nodes only, each word once (the replay window it shares with the agent's own
     * packets).
     */
    private void guardWord(Object sender, String node, byte[] data, PacketSeal.Opened opened) {
        if (node.equals(self) || !nodes.contains(node)) {
            seal.drop(sender, "a guard's word from node " + node + ", which is not another of ha.cf's nodes here");
            return;
        }
        ReplayWindow.Verdict verdict = windows.computeIfAbsent(node, sending -> new ReplayWindow())
                .accept(opened.generation(), opened.counter());
        if (verdict != ReplayWindow.Verdict.NEW) {
            seal.drop(sender, "node " + node + "'s guard's word replayed or of an earlier run");
            return;
        }
        guardWords.heard(node, new SenderPosition(opened.generation(), opened.counter()),
                Arrays.copyOfRange(data, opened.offset(), opened.offset() + opened.length()));
    }

    /**
     * The nodes let in on this link within the last {@code window}: any packet counts, JGroups' own and the signs of
     * life every node sends every keepalive to every other whatever the views, so a node outside this node's view is
     * heard as long as it lives and reaches it.
     */
    public Set<String> heardWithin(Duration window) {
        long since = nanoTime.getAsLong() - window.toNanos();
        Set<String> heard = new TreeSet<>();
        claims.forEach((node, claim) -> {
            if (claim.heardNanos() - since >= 0 && !Long.valueOf(claim.generation()).equals(departed.get(node))) {
                heard.add(node);
            }
        });
        return heard;
    }

    /**
     * The node said it leaves the cluster (a stop, a restart in place): the packets of its current run, those it sends
     * on its way out included, no longer count in {@link #heardWithin}; a later run (a larger generation) does.
     */
    public void departed(String node) {
        Claim claim = claims.get(node);
        if (claim != null) {
            departed.put(node, claim.generation());
        }
    }

    /** Why this process is refused by its cluster, once it is. */
    public Optional<String> refusedHere() {
        return Optional.ofNullable(refusedHere);
    }

    /** The senders this link refused in the last ten minutes, most recent first. */
    public List<Refusal> refusals() {
        Instant since = clock.instant().minus(REFUSALS_SHOWN_FOR);
        refusals.values().removeIf(refusal -> refusal.last().isBefore(since));
        return refusals.values().stream().sorted(Comparator.comparing(Refusal::last).reversed()).toList();
    }

    /** The heartbeat 3 nodes heard on this node's links, shared by all of them. */
    public HeartbeatPeers heartbeatPeers() {
        return heartbeatPeers;
    }

    public long dropped() {
        return seal.dropped();
    }

    /** Another process sends with this node's name: a newcomer yields; a member logs it, its peers refuse the other. */
    private void ourNameElsewhere(String address) {
        String conflict = "node name " + self + " is in use by the processes at " + address + " and " + boundTo;
        if (!member) {
            yieldHere(conflict + "; this one, not yet a member, stays out: give each machine its own node name "
                    + "(ha.cf's node lines, uname -n)");
        } else if (refusals.put(self + " " + address, new Refusal(self, address, conflict + "; this one is the member",
                clock.instant())) == null) {
            LOG.error("{}; this one is the member, its peers refuse the other", conflict);
        }
    }

    private Receipt refuse(String node, long refusedGeneration, String address, long now, String reason) {
        Refusal previous = refusals.put(node + " " + address, new Refusal(node, address, reason, clock.instant()));
        if (previous == null || !previous.reason().equals(reason)) {
            LOG.error("node {} at {} refused: {}", node, address, reason);
        }
        seal.drop(address, reason);
        Long last = lastNotice.get(address);
        if (last != null && now - last < NOTICE_INTERVAL_NANOS) {
            return null;
        }
        lastNotice.put(address, now);
        byte[] text = ("refused by node " + self + " at " + boundTo + ": " + reason).getBytes(StandardCharsets.UTF_8);
        byte[] name = node.getBytes(StandardCharsets.UTF_8);
        ByteBuffer notice = ByteBuffer.allocate(1 + name.length + 8 + text.length).put((byte) name.length).put(name)
                .putLong(refusedGeneration).put(text);
        return new Receipt.Answer(seal.seal(PacketSeal.NOTICE, selfFrom, notice.array(), 0, notice.capacity()));
    }

    /** The notice names the refused process by its node name and generation: only that process takes it. */
    private void readNotice(String sender, String address, byte[] data, PacketSeal.Opened opened) {
        ByteBuffer notice = ByteBuffer.wrap(data, opened.offset(), opened.length());
        int nameLength = Byte.toUnsignedInt(notice.get());
        if (notice.remaining() < nameLength + 8) {
            return;
        }
        byte[] name = new byte[nameLength];
        notice.get(name);
        long refusedGeneration = notice.getLong();
        if (new String(name, StandardCharsets.UTF_8).equals(self) && refusedGeneration == generation) {
            byte[] text = new byte[notice.remaining()];
            notice.get(text);
            yieldHere(new String(text, StandardCharsets.UTF_8) + " (notice from " + sender + " at " + address + ")");
        }
    }

    private void yieldHere(String reason) {
        synchronized (this) {
            if (refusedHere != null) {
                return;
            }
            refusedHere = reason;
        }
        LOG.error("this node at {} is refused by its cluster: {}; it sends nothing more and runs no group", boundTo,
                reason);
        onRefused.accept(reason);
    }
}
