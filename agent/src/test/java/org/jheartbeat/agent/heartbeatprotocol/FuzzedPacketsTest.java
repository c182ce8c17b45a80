package org.jheartbeat.agent.heartbeatprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
        List<byte[]> seeds = PacketMutations.seeds(capture, capture.nodes().get("alpha").keys());
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
            byte[] packet = PacketMutations.mutate(seeds.get(random.nextInt(seeds.size())), random);
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

    private static int outcome(Recognition recognition) {
        if (recognition instanceof Recognition.Authentic) {
            return 0;
        }
        if (recognition instanceof Recognition.Malformed) {
            return 1;
        }
        return recognition instanceof Recognition.Unauthenticated ? 2 : 3;
    }
}
