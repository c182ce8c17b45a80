package org.jheartbeat.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded UDP flood, run as a process of its own inside the client's namespace ({@link FloodRun}): RATE datagrams a
 * second to TARGET:PORT for SECONDS, sent from SOURCE:PORT (a node's port, as a node sends), then it exits; never more
 * than RATE × SECONDS datagrams, never longer than SECONDS + 1 s whatever the machine's load. Prints what it sent.
 * {@link #SENDERS} threads share that budget, each writing pre-built buffers through its own non-blocking channel on
 * the same source port. Only the JDK: it runs from e2e's classes alone.
 *
 * <p>Every datagram starts as jheartbeat's do (its magic, key 1, a listed node's name, the sender's own address, a
 * generation and a counter), so a receiver must compute the HMAC before it can drop it, the most a packet without
 * the key can cost: {@code framed-garbage} is 200 random bytes after that header, {@code maximum-size} fills the
 * datagram to the largest size a receiver reads through (2303 bytes).
 */
public final class UdpFlood {

    /** The largest datagram a node accepts (PacketSeal.MAX_DATAGRAM). */
    static final int MAXIMUM_SIZE = 2303;
    private static final int MAGIC = 0x4a484232;
    private static final int VARIANTS = 64;
    /**
     * Sender threads, each with its own socket: one Java thread making one send call per datagram reached 6,300-9,900
     * datagrams a second on a loaded two-core machine, short of issue 20's 20,000.
     */
    private static final int SENDERS = 4;
    /** Datagrams a sender claims from the budget at a time: pacing per batch, not per datagram. */
    private static final int BATCH = 32;

    private UdpFlood() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: UdpFlood TARGET SOURCE PORT RATE SECONDS framed-garbage|maximum-size");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[2]));
        InetSocketAddress source = new InetSocketAddress(InetAddress.getByName(args[1]), target.getPort());
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        List<ByteBuffer> packets = packets(args[5], source.getAddress(), source.getPort()).stream()
                .map(packet -> ByteBuffer.allocateDirect(packet.length).put(packet).flip().asReadOnlyBuffer())
                .toList();
        Budget budget = new Budget(rate, (long) rate * seconds, seconds + 1);
        List<Thread> senders = new ArrayList<>();
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int thread = 0; thread < SENDERS; thread++) {
                DatagramChannel channel = channel(source, target);
                channels.add(channel);
                Thread sender = new Thread(() -> send(channel, packets, budget), "flood-" + thread);
                sender.start();
                senders.add(sender);
            }
            for (Thread sender : senders) {
                sender.join();
            }
        } finally {
            for (DatagramChannel channel : channels) {
                channel.close();
            }
        }
        System.out.printf("sent %d datagrams in %d ms%n", budget.sent.get(), budget.elapsedNanos() / 1_000_000);
    }

    /** A sender's own socket on the shared source port (SO_REUSEPORT), connected to the target, non-blocking. */
    private static DatagramChannel channel(InetSocketAddress source, InetSocketAddress target) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
        channel.bind(source).connect(target).configureBlocking(false);
        return channel;
    }

    /**
     * Claims batches from the shared budget as they fall due and writes them; a full send buffer (write returns 0) is
     * waited out briefly, never past the deadline. A datagram the kernel refuses outright ends this sender.
     */
    private static void send(DatagramChannel channel, List<ByteBuffer> packets, Budget budget) {
        List<ByteBuffer> own = packets.stream().map(ByteBuffer::duplicate).toList();
        try {
            for (long first = budget.claim(); first >= 0; first = budget.claim()) {
                long end = Math.min(first + BATCH, budget.total);
                for (long index = first; index < end && budget.open(); ) {
                    ByteBuffer packet = own.get((int) (index % own.size())).rewind();
                    if (channel.write(packet) > 0) {
                        budget.sent.incrementAndGet();
                        index++;
                    } else {
                        LockSupport.parkNanos(50_000L);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println(Thread.currentThread().getName() + " stopped: " + e);
        }
    }

    /**
     * RATE × SECONDS datagrams handed out in batches of {@link #BATCH} as they fall due (paced by the batch: by now
     * this many should have left), never after the deadline.
     */
    private static final class Budget {
        private final int rate;
        private final long total;
        private final long start = System.nanoTime();
        private final long deadline;
        private final AtomicLong claimed = new AtomicLong();
        final AtomicLong sent = new AtomicLong();

        Budget(int rate, long total, int limitSeconds) {
            this.rate = rate;
            this.total = total;
            this.deadline = start + limitSeconds * 1_000_000_000L;
        }

        boolean open() {
            return System.nanoTime() < deadline;
        }

        long elapsedNanos() {
            return System.nanoTime() - start;
        }

        /** The first index of a batch now due, or -1 once the budget is spent or the deadline passed. */
        long claim() {
            while (open()) {
                long first = claimed.get();
                if (first >= total) {
                    return -1;
                }
                long due = Math.min(total, elapsedNanos() * rate / 1_000_000_000L + BATCH);
                if (first + BATCH <= due || due == total) {
                    if (claimed.compareAndSet(first, first + BATCH)) {
                        return first;
                    }
                } else {
                    LockSupport.parkNanos(Math.max(100_000L, (first + BATCH - due) * 1_000_000_000L / rate));
                }
            }
            return -1;
        }
    }

    static List<byte[]> packets(String kind, InetAddress source, int port) {
        Random random = new Random(20);
        List<byte[]> packets = new ArrayList<>();
        byte[] name = "alpha".getBytes(StandardCharsets.UTF_8);
        byte[] from = ByteBuffer.allocate(6).put(source.getAddress()).putShort((short) port).array();
        for (int variant = 0; variant < VARIANTS; variant++) {
            int header = 4 + 1 + 1 + 1 + name.length + 1 + from.length + 8 + 8;
            int size = switch (kind) {
                case "framed-garbage" -> header + 200 + 32;
                case "maximum-size" -> MAXIMUM_SIZE;
                default -> throw new IllegalArgumentException("UdpFlood: unknown kind " + kind);
            };
            ByteBuffer packet = ByteBuffer.allocate(size).putInt(MAGIC).put((byte) 1).put((byte) 0)
                    .put((byte) name.length).put(name).put((byte) from.length).put(from)
                    .putLong(random.nextLong(Long.MAX_VALUE)).putLong(variant);
            byte[] garbage = new byte[packet.remaining()];
            random.nextBytes(garbage);
            packets.add(packet.put(garbage).array());
        }
        return packets;
    }
}
