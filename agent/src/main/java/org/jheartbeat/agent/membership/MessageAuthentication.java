package org.jheartbeat.agent.membership;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lowest protocol above the transport: every packet this node sends carries an HMAC-SHA256 tag over the
 * whole serialized message, and every packet received without a valid tag is dropped before any other
 * protocol sees it. Discovery, heartbeats, views and jheartbeat's own messages are all covered, so a node
 * without the key can neither join, nor make members suspect each other, nor split a view.
 *
 * <p>Replay: each packet carries the sender's incarnation (a random number per start), a counter and its
 * clock. A packet seen before, or whose clock is more than {@link #CLOCK_TOLERANCE} from ours, is dropped;
 * the nodes' clocks must therefore agree within that (NTP, as heartbeat setups already run).
 */
public final class MessageAuthentication extends Protocol {

    private static final Logger LOG = LoggerFactory.getLogger(MessageAuthentication.class);

    static final int MAGIC = 0x4a484231; // "JHB1"
    static final int TAG_LENGTH = 32;
    /** magic, incarnation, counter, timestamp. */
    static final int PREFIX_LENGTH = 4 + 8 + 8 + 8;
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);
    private static final long REJECTION_LOG_INTERVAL_MILLIS = 10_000;

    private final SecretKey key;
    private final Clock clock;
    private final long incarnation;
    private final AtomicLong counter = new AtomicLong();
    private final Map<Address, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long lastRejectionLog;

    public MessageAuthentication(SecretKey key, Clock clock, long incarnation) {
        this.key = key;
        this.clock = clock;
        this.incarnation = incarnation;
    }

    /** Packets dropped so far for a bad tag, a replay, a skewed clock or garbage. */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public Object down(Message message) {
        try {
            return down_prot.down(seal(message));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize an outgoing cluster message", e);
        }
    }

    @Override
    public Object up(Message message) {
        Message opened = open(message);
        return opened == null ? null : up_prot.up(opened);
    }

    @Override
    public void up(MessageBatch batch) {
        List<Message> opened = new ArrayList<>(batch.size());
        for (Message message : batch) {
            Message inner = open(message);
            if (inner != null) {
                opened.add(inner);
            }
        }
        for (Message inner : opened) {
            up_prot.up(inner);
        }
    }

    private Message seal(Message message) throws Exception {
        // The sender's address goes inside the tag, so nobody can replay a packet under another address.
        if (message.getSrc() == null) {
            message.setSrc(getTransport().getAddress());
        }
        ByteArray inner = Util.messageToBuffer(message);
        ByteBuffer packet = ByteBuffer.allocate(PREFIX_LENGTH + inner.getLength() + TAG_LENGTH);
        packet.putInt(MAGIC).putLong(incarnation).putLong(counter.getAndIncrement()).putLong(clock.millis());
        packet.put(inner.getArray(), inner.getOffset(), inner.getLength());
        packet.put(tag(packet.array(), packet.position()));
        Message sealed = new BytesMessage(message.getDest(), packet.array());
        sealed.setFlag(message.getFlags(false), true, false);
        return sealed;
    }

    /** The inner message, or null (counted and logged) when the packet is not authentic. */
    private Message open(Message packet) {
        byte[] bytes = packet.getArray();
        int offset = packet.getOffset();
        int length = packet.getLength();
        if (bytes == null || length < PREFIX_LENGTH + TAG_LENGTH) {
            return reject(packet, "too short to be a cluster packet");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        if (buffer.getInt() != MAGIC) {
            return reject(packet, "not a jheartbeat packet");
        }
        byte[] expected = tag(bytes, offset, length - TAG_LENGTH);
        byte[] actual = new byte[TAG_LENGTH];
        System.arraycopy(bytes, offset + length - TAG_LENGTH, actual, 0, TAG_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            return reject(packet, "wrong authentication tag (a node with another authkeys secret?)");
        }
        long senderIncarnation = buffer.getLong();
        long senderCounter = buffer.getLong();
        long timestamp = buffer.getLong();
        if (Math.abs(clock.millis() - timestamp) > CLOCK_TOLERANCE.toMillis()) {
            return reject(packet, "clock " + (timestamp - clock.millis()) + " ms off ours (replay, or clocks not in "
                    + "sync)");
        }
        Message inner;
        try {
            inner = Util.messageFromBuffer(bytes, offset + PREFIX_LENGTH, length - PREFIX_LENGTH - TAG_LENGTH);
        } catch (Exception e) {
            return reject(packet, "authentic but unreadable: " + e);
        }
        if (inner.getSrc() == null || (packet.getSrc() != null && !inner.getSrc().equals(packet.getSrc()))) {
            return reject(packet, "sender address does not match the authenticated one");
        }
        if (!windows.computeIfAbsent(inner.getSrc(), address -> new ReplayWindow())
                .accept(senderIncarnation, senderCounter)) {
            return reject(packet, "replayed");
        }
        return inner;
    }

    private Message reject(Message packet, String why) {
        long count = rejected.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastRejectionLog >= REJECTION_LOG_INTERVAL_MILLIS) {
            lastRejectionLog = now;
            LOG.warn("cluster packet from {} dropped: {} ({} dropped so far)", packet.getSrc(), why, count);
        }
        return null;
    }

    private byte[] tag(byte[] bytes, int length) {
        return tag(bytes, 0, length);
    }

    private byte[] tag(byte[] bytes, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(ClusterKey.MAC_ALGORITHM);
            mac.init(key);
            mac.update(bytes, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
