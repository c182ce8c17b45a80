package org.jheartbeat.agent.membership;

import java.util.BitSet;

/**
 * Accepts each (incarnation, counter) of one sender at most once: a sliding window of the last 1024 counters
 * tolerates the reordering UDP allows and the reordering of the sender's own threads, which take their counters
 * before they queue their packets (with both cores busy, a 64-wide window refused a peer's late packet as
 * replayed); anything older is refused. A larger incarnation (the sender restarted, see {@link Incarnation})
 * starts a new window; a smaller one is a replay of an earlier run.
 */
final class ReplayWindow {

    static final int WIDTH = 1024;

    private long incarnation;
    private long highest = -1;
    /** Counter c is seen when bit c mod WIDTH is set, for c within WIDTH of highest. */
    private final BitSet seen = new BitSet(WIDTH);

    /** @return whether the packet is new; if so it is recorded */
    synchronized boolean accept(long packetIncarnation, long counter) {
        if (counter < 0) {
            return false;
        }
        if (packetIncarnation != incarnation) {
            if (highest >= 0 && packetIncarnation < incarnation) {
                return false;
            }
            incarnation = packetIncarnation;
            highest = -1;
        }
        if (counter > highest) {
            return advanceTo(counter);
        }
        if (highest - counter >= WIDTH || seen.get(slot(counter))) {
            return false;
        }
        seen.set(slot(counter));
        return true;
    }

    private boolean advanceTo(long counter) {
        if (highest < 0 || counter - highest >= WIDTH) {
            seen.clear();
        } else {
            for (long skipped = highest + 1; skipped < counter; skipped++) {
                seen.clear(slot(skipped));
            }
        }
        highest = counter;
        seen.set(slot(counter));
        return true;
    }

    private static int slot(long counter) {
        return (int) (counter % WIDTH);
    }
}
