package org.jheartbeat.agent.heartbeatprotocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jheartbeat.agent.config.AuthKeys;

/** Real heartbeat packets in both framings, and random damage to them, for the fuzz tests. */
public final class PacketMutations {

    private PacketMutations() {
    }

    /**
     * Every packet of the capture twice: as captured (netstring framing), and its message in the classic framing with
     * its auth field signed with {@code keys}' active key.
     */
    public static List<byte[]> seeds(HeartbeatCapture capture, AuthKeys keys) throws MalformedPacketException {
        HeartbeatKeys signing = new HeartbeatKeys(keys);
        List<byte[]> seeds = new ArrayList<>();
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            seeds.add(packet.bytes());
            HeartbeatMessage message = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            seeds.add(WireFormat.classic(signing.withAuthField(message.without(HeartbeatMessage.AUTH))));
        }
        return seeds;
    }

    /** One to three of: a byte changed, a cut, a range removed or repeated, a length made larger or smaller. */
    public static byte[] mutate(byte[] seed, Random random) {
        byte[] packet = seed;
        int steps = 1 + random.nextInt(3);
        for (int step = 0; step < steps && packet.length > 1; step++) {
            int at = random.nextInt(packet.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    packet = packet.clone();
                    packet[at] = (byte) random.nextInt(256);
                }
                case 1 -> packet = Arrays.copyOf(packet, at);
                case 2 -> {
                    int end = Math.min(packet.length, at + 1 + random.nextInt(32));
                    packet = concat(Arrays.copyOf(packet, at), Arrays.copyOfRange(packet, end, packet.length));
                }
                case 3 -> {
                    int end = Math.min(packet.length, at + 1 + random.nextInt(64));
                    byte[] range = Arrays.copyOfRange(packet, at, end);
                    byte[] repeated = new byte[range.length * (1 + random.nextInt(50))];
                    for (int i = 0; i < repeated.length; i++) {
                        repeated[i] = range[i % range.length];
                    }
                    packet = concat(concat(Arrays.copyOf(packet, end), repeated),
                            Arrays.copyOfRange(packet, end, packet.length));
                }
                case 4 -> {
                    byte[] digits = Integer.toString(random.nextInt(1_000_000_000)).getBytes(StandardCharsets.US_ASCII);
                    packet = concat(concat(Arrays.copyOf(packet, at), digits),
                            Arrays.copyOfRange(packet, at, packet.length));
                }
                default -> {
                    packet = packet.clone();
                    if (Character.isDigit(packet[at])) {
                        packet[at] = (byte) ('0' + random.nextInt(10));
                    }
                }
            }
        }
        return packet;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
