package org.jheartbeat.e2e;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded UDP flood, run as a process of its own inside the client's namespace ({@link FloodRun}): RATE datagrams a
 * second to TARGET:PORT for SECONDS, sent from SOURCE:PORT (a node's port, as a node sends), then it exits; never more
 * than RATE × SECONDS datagrams, never longer than SECONDS + 1 s whatever the machine's load. Prints what it sent.
 * Only the JDK: it runs from e2e's classes alone.
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

    private UdpFlood() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: UdpFlood TARGET SOURCE PORT RATE SECONDS framed-garbage|maximum-size");
            System.exit(2);
        }
        InetAddress target = InetAddress.getByName(args[0]);
        InetAddress source = InetAddress.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        List<byte[]> packets = packets(args[5], source, port);
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long deadline = start + (seconds + 1) * 1_000_000_000L;
        long sent = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, port))) {
            socket.setBroadcast(true);
            while (sent < total && System.nanoTime() < deadline) {
                // Paced by the millisecond: by now this many should have left.
                long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + rate / 1000 + 1);
                while (sent < due && System.nanoTime() < deadline) {
                    byte[] packet = packets.get((int) (sent % packets.size()));
                    socket.send(new DatagramPacket(packet, packet.length, target, port));
                    sent++;
                }
                LockSupport.parkNanos(1_000_000L);
            }
        }
        System.out.printf("sent %d datagrams in %d ms%n", sent, (System.nanoTime() - start) / 1_000_000);
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
