package org.jheartbeat.agent.membership;

import java.util.BitSet;

/**
 * Accepts each (generation, counter) of one sender at most once: a sliding window of the last 1024 counters
 * tolerates the reordering UDP allows and the reordering of the sender's own threads, which take their counters
 * before they queue their packets (with both cores busy, a 64-wide window refused a peer's late packet as
 * replayed); anything older is refused. A larger generation (the sender restarted: every start raises it) starts
 * a new window; a smaller one is a replay of an earlier run. No clock is involved.
 */
final class ReplayWindow {

    static final int WIDTH = 1024;

    /** What became of one packet. */
    enum Verdict { NEW, REPLAYED, EARLIER_GENERATION }

    private long generation;
    private long highest = -1;
    /** Counter c is seen when bit c mod WIDTH is set, for c within WIDTH of highest. */
    private final BitSet seen = new BitSet(WIDTH);

    /** The sender's generation this window counts for. */
    synchronized long generation() {
        return generation;
    }

    /** Records the packet when it is new. */
    synchronized Verdict accept(long packetGeneration, long counter) {
        if (counter < 0) {
            return Verdict.REPLAYED;
        }
        if (packetGeneration != generation) {
            if (highest >= 0 && packetGeneration < generation) {
                return Verdict.EARLIER_GENERATION;
            }
            generation = packetGeneration;
            highest = -1;
        }
        if (counter > highest) {
            advanceTo(counter);
            return Verdict.NEW;
        }
        if (highest - counter >= WIDTH || seen.get(slot(counter))) {
            return Verdict.REPLAYED;
        }
        seen.set(slot(counter));
        return Verdict.NEW;
    }

    private void advanceTo(long counter) {
        if (highest < 0 || counter - highest >= WIDTH) {
            seen.clear();
        } else {
            for (long skipped = highest + 1; skipped < counter; skipped++) {
                seen.clear(slot(skipped));
            }
        }
        highest = counter;
        seen.set(slot(counter));
    }

    private static int slot(long counter) {
        return (int) (counter % WIDTH);
    }
}
