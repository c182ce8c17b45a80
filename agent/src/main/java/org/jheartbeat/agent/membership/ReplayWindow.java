package org.jheartbeat.agent.membership;

/**
 * Accepts each (incarnation, counter) of one sender at most once: a sliding window of the last 64 counters
 * tolerates the reordering UDP allows, anything older is refused. A larger incarnation (the sender restarted,
 * see {@link Incarnation}) starts a new window; a smaller one is a replay of an earlier run.
 */
final class ReplayWindow {

    private static final int WIDTH = 64;

    private long incarnation;
    private long highest = -1;
    private long seen;

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
            highest = counter;
            seen = 1;
            return true;
        }
        if (counter > highest) {
            long shift = counter - highest;
            seen = shift >= WIDTH ? 1 : (seen << shift) | 1;
            highest = counter;
            return true;
        }
        long age = highest - counter;
        if (age >= WIDTH || (seen & (1L << age)) != 0) {
            return false;
        }
        seen |= 1L << age;
        return true;
    }
}
