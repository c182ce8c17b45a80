package org.jheartbeat.agent.membership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import org.jheartbeat.agent.config.AuthKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every datagram of a link is sealed before it leaves and opened before anything reads it: the transport
 * ({@link AuthenticatedUdp}) calls {@link #seal} on the bytes JGroups wants sent and {@link #open} on the bytes
 * a socket received, so JGroups never parses a byte a key holder did not send.
 *
 * <p>A sealed datagram is, in order: the magic {@code JHB2}; the index of the authkeys key that signed it; its kind
 * (JGroups' bytes, a refusal notice from one node to another, see {@link LinkGuard}, a sign of life with no
 * payload, or a word of the node's guard sealed ahead, see {@link #sealAhead}); the sender's node name
 * (length, then UTF-8); the sender's own socket address as it sends from (length, then the transport's encoding); its
 * generation and a counter; the payload; and an HMAC-SHA256 tag over all of that. {@link #open} drops a datagram
 * that is too short or too long, lacks the magic, names a key it does not list, carries a wrong tag, or comes from
 * another address than it claims (a relayed or replayed capture); whom to let in among the authentic senders is the
 * {@link LinkGuard}'s business. Nothing depends on the nodes' clocks.
 */
public final class PacketSeal {

    private static final Logger LOG = LoggerFactory.getLogger(PacketSeal.class);

    static final int MAGIC = 0x4a484232; // "JHB2"
    /** Kinds of payload. */
    static final byte DATA = 0;
    static final byte NOTICE = 1;
    /** A sign of life, sent every keepalive to every node whatever the views ({@link AuthenticatedUdp}). */
    static final byte LIVENESS = 2;
    /**
     * A word the agent seals ahead for its guard, which sends it once the agent is gone ({@link #sealAhead}): the
     * cluster layer's bytes, handed to it whether or not the sender is a member.
     */
    static final byte GUARD = 3;
    /**
     * The counters of the words sealed ahead: far beyond any this run reaches by sending, so that a peer accepts them
     * after everything the agent sent, and from then on nothing more of this run (the agent is gone by then).
     */
    static final long AHEAD = 1L << 62;
    static final int TAG_LENGTH = 32;
    static final int MAX_NAME_LENGTH = 255;
    /**
     * The most bytes of JGroups a datagram carries: the transport's bundles are capped at it and larger messages
     * fragmented ({@link TransportStacks}), so one datagram stays near one Ethernet frame and the tag of the
     * largest datagram a flood can send costs microseconds to check.
     */
    public static final int MAX_PAYLOAD = 1400;
    /** Room for a message JGroups sends unbundled above {@link #MAX_PAYLOAD}, and for the seal itself. */
    static final int MAX_DATAGRAM = 2048 + MAX_NAME_LENGTH;
    /** On the monotonic clock, as nothing here depends on the wall clock. */
    private static final long DROP_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final KeyRing keys;
    private final byte[] node;
    private final long generation;
    private final AtomicLong counter = new AtomicLong();
    /** Per thread, a Mac per key index, each initialised once: a Mac is not thread-safe, and init costs. */
    private final ThreadLocal<Mac[]> macs = ThreadLocal.withInitial(() -> new Mac[AuthKeys.MAX_INDEX + 1]);
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);

    /**
     * @param node       this node's name, as ha.cf lists it
     * @param generation this run of the agent: larger than every earlier run of this node
     */
    public PacketSeal(KeyRing keys, String node, long generation) {
        this.keys = keys;
        this.node = node.getBytes(StandardCharsets.UTF_8);
        if (this.node.length == 0 || this.node.length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("node name must be 1 to " + MAX_NAME_LENGTH + " bytes: " + node);
        }
        this.generation = generation;
    }

    /** What an authentic datagram carried: its kind, its sender, and where its payload lies. */
    public record Opened(byte kind, String node, long generation, long counter, int offset, int length) {
    }

    /**
     * @param from this node's address as the receiver will see the datagram come from, encoded by the transport
     * @return a new array holding the sealed datagram
     */
    public byte[] seal(byte[] from, byte[] data, int offset, int length) {
        return seal(DATA, from, data, offset, length);
    }

    byte[] seal(byte kind, byte[] from, byte[] data, int offset, int length) {
        return seal(kind, from, counter.getAndIncrement(), data, offset, length);
    }

    /**
     * A guard's word, sealed now to be sent later by another process once this one is gone: counter {@code AHEAD +
     * index}, so that each word sealed ahead is accepted once, in the order of the indexes, and none before the
     * datagrams this run sends while it lives. Whoever holds it can send it once: it is handed only to the guard.
     */
    byte[] sealAhead(byte[] from, int index, byte[] data) {
        return seal(GUARD, from, AHEAD + index, data, 0, data.length);
    }

    private byte[] seal(byte kind, byte[] from, long sequence, byte[] data, int offset, int length) {
        ByteBuffer packet = ByteBuffer.allocate(headerLength(node.length, from.length) + length + TAG_LENGTH);
        packet.putInt(MAGIC).put((byte) keys.signingIndex()).put(kind).put((byte) node.length).put(node).put((byte) from.length).put(from)
                .putLong(generation).putLong(sequence).put(data, offset, length);
        Mac mac = mac(keys.signingIndex());
        mac.update(packet.array(), 0, packet.position());
        packet.put(mac.doFinal());
        return packet.array();
    }

    /**
     * @param sender the datagram's source, for the log
     * @param from   the datagram's source, encoded as the sender's transport encodes its own address
     * @return where JGroups' bytes are, or null when the datagram is not authentic (then counted and logged)
     */
    public Opened open(Object sender, byte[] from, byte[] data, int offset, int length) {
        if (length < headerLength(1, 0) + TAG_LENGTH || length > MAX_DATAGRAM) {
            return drop(sender, "not a jheartbeat packet (" + length + " bytes)");
        }
        ByteBuffer packet = ByteBuffer.wrap(data, offset, length);
        if (packet.getInt() != MAGIC) {
            return drop(sender, "not a jheartbeat packet");
        }
        int keyIndex = Byte.toUnsignedInt(packet.get());
        if (keys.key(keyIndex) == null) {
            return drop(sender, "signed with key " + keyIndex + ", which authkeys does not list here");
        }
        byte kind = packet.get();
        if (kind != DATA && kind != NOTICE && kind != LIVENESS && kind != GUARD) {
            return drop(sender, "malformed header");
        }
        int nameLength = Byte.toUnsignedInt(packet.get());
        if (nameLength == 0 || packet.remaining() < nameLength + 1) {
            return drop(sender, "malformed header");
        }
        int nameAt = packet.position();
        packet.position(nameAt + nameLength);
        int fromLength = Byte.toUnsignedInt(packet.get());
        int payloadAt = packet.position() + fromLength + 16;
        if (payloadAt > offset + length - TAG_LENGTH) {
            return drop(sender, "malformed header");
        }
        Mac mac = mac(keyIndex);
        mac.update(data, offset, length - TAG_LENGTH);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, offset + length - TAG_LENGTH, offset + length))) {
            return drop(sender, "wrong authentication tag (a node with another authkeys secret?)");
        }
        String name = new String(data, nameAt, nameLength, StandardCharsets.UTF_8);
        int fromAt = packet.position();
        if (!Arrays.equals(data, fromAt, fromAt + fromLength, from, 0, from.length)) {
            return drop(sender, "node " + name + "'s packet came from another address than it was sent from "
                    + "(relayed or replayed)");
        }
        packet.position(fromAt + fromLength);
        return new Opened(kind, name, packet.getLong(), packet.getLong(), payloadAt,
                offset + length - TAG_LENGTH - payloadAt);
    }

    /** Datagrams dropped so far: not ours, not authentic, relayed, replayed or refused. */
    public long dropped() {
        return dropped.sum();
    }

    /** Counts a dropped datagram and logs it, at most one line every 10 s whatever the flood. */
    Opened drop(Object sender, String why) {
        dropped.increment();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("cluster packet from {} dropped: {} ({} dropped so far)", sender, why, dropped.sum());
        }
        return null;
    }

    private static int headerLength(int nameLength, int fromLength) {
        return 4 + 1 + 1 + 1 + nameLength + 1 + fromLength + 8 + 8;
    }

    private Mac mac(int keyIndex) {
        Mac[] perKey = macs.get();
        if (perKey[keyIndex] == null) {
            try {
                Mac mac = Mac.getInstance(ClusterKey.MAC_ALGORITHM);
                mac.init(keys.key(keyIndex));
                perKey[keyIndex] = mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 unavailable", e);
            }
        }
        return perKey[keyIndex];
    }
}
