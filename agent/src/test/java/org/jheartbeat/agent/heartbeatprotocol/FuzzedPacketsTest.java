package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutations of real packets in both framings (captured netstring packets, and the same messages written in the
 * classic framing with their auth field): whatever the bytes, the recognizer answers, and what it allocates stays
 * within a fixed multiple of the packet's size.
 */
class FuzzedPacketsTest {

    private static final int MUTATIONS = 12_000;
    /** Parsing copies each byte a bounded number of times (once per nesting level at worst, 16 levels). */
    private static final long ALLOCATION_PER_BYTE = 64;
    /** A digest's fixed cost dominates for small packets (the JDK's Mac lookup allocates about 100 KiB). */
    private static final long ALLOCATION_BASE = 256 * 1024;

    private final HeartbeatCapture capture = HeartbeatCapture.load("sha1-ucast");
    private final HeartbeatPacketRecognizer recognizer =
            new HeartbeatPacketRecognizer(capture.nodes().get("alpha").keys());
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void mutatedPacketsOfBothFramingsNeverEscapeAndStayBounded() throws Exception {
        List<byte[]> seeds = seeds();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int[] outcomes = new int[4];
        for (byte[] warmUp : seeds) {
            recognizer.recognize(warmUp, 0, warmUp.length);
        }
        long slowest = 0;
        long mostAllocated = 0;
        long started = System.nanoTime();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] packet = mutate(seeds.get(random.nextInt(seeds.size())), random);
            long before = threads.getCurrentThreadAllocatedBytes();
            long beganAt = System.nanoTime();
            Recognition recognition = recognizer.recognize(packet, 0, packet.length);
            slowest = Math.max(slowest, System.nanoTime() - beganAt);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            mostAllocated = Math.max(mostAllocated, allocated);
            assertThat(allocated).as("bytes allocated for a packet of %d bytes (random seed %d)", packet.length, seed)
                    .isLessThan(ALLOCATION_BASE + ALLOCATION_PER_BYTE * packet.length);
            outcomes[outcome(recognition)]++;
        }
        System.out.printf("%d mutated packets in %d ms (slowest %d us, most allocated %d KiB): %d authentic,"
                + " %d malformed, %d unauthenticated, %d not heartbeat%n", MUTATIONS,
                (System.nanoTime() - started) / 1_000_000, slowest / 1_000, mostAllocated / 1024,
                outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
        assertThat(outcomes[1] + outcomes[2]).as("malformed and refused packets, random seed %d", seed)
                .isGreaterThan(MUTATIONS / 2);
    }

    @Test
    void aNestingBombIsRefusedAtTheSeventeenthLevel() {
        String message = "###\n%%%\n";
        for (int level = 0; level < 2_000; level++) {
            String field = "(2)n=" + message;
            message = "###\n" + field.length() + ":" + field + ",%%%\n";
        }
        byte[] bomb = message.getBytes(StandardCharsets.US_ASCII);
        Recognition recognition = recognizer.recognize(bomb, 0, bomb.length);
        assertThat(recognition).isInstanceOf(Recognition.Malformed.class);
        assertThat(((Recognition.Malformed) recognition).reason())
                .startsWith("a message nested more than 16 levels deep");
    }

    @Test
    void aFieldClaimingAHugeLengthIsRefusedWithoutAllocatingIt() {
        byte[] huge = "###\n999999999:(0)t=status,%%%\n".getBytes(StandardCharsets.US_ASCII);
        recognizer.recognize(huge, 0, huge.length);
        long before = threads.getCurrentThreadAllocatedBytes();
        Recognition recognition = recognizer.recognize(huge, 0, huge.length);
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(ALLOCATION_BASE);
        assertThat(recognition).isEqualTo(new Recognition.Malformed(
                "a field claims 999999999 bytes but only 17 follow (at byte 13)"));
    }

    private List<byte[]> seeds() throws Exception {
        HeartbeatKeys keys = new HeartbeatKeys(capture.nodes().get("alpha").keys());
        List<byte[]> seeds = new ArrayList<>();
        for (HeartbeatCapture.Packet packet : capture.packets()) {
            seeds.add(packet.bytes());
            HeartbeatMessage message = WireFormat.parse(packet.bytes(), 0, packet.bytes().length).message();
            seeds.add(WireFormat.classic(keys.withAuthField(message.without(HeartbeatMessage.AUTH))));
        }
        return seeds;
    }

    private static int outcome(Recognition recognition) {
        if (recognition instanceof Recognition.Authentic) {
            return 0;
        }
        if (recognition instanceof Recognition.Malformed) {
            return 1;
        }
        return recognition instanceof Recognition.Unauthenticated ? 2 : 3;
    }

    /** One to three of: a byte changed, a cut, a range removed or repeated, a length made larger or smaller. */
    private static byte[] mutate(byte[] seed, Random random) {
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
