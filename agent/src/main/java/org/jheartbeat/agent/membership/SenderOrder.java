package org.jheartbeat.agent.membership;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Hands on one sender's messages in the order it sent them. Each link delivers a sender's messages in order, but the
 * links race each other and one can skip a message: around a merge, a member that has not installed the merged view
 * yet drops what a node outside it sends ("dropped message from non-member"), and the sender's next message on that
 * link can then overtake the first copy still on its way over another link. A node that stopped a group and then
 * told another to start it would be heard in the wrong order.
 *
 * <p>A message after a gap waits while the gap can still fill, for {@link #HOLD} at most. Most gaps never fill: the
 * missing messages were sent while the links were cut, or before any link's view took the sender back in, and every
 * link refused them; the caller says whether some link may still bring the missing counter, and a gap no link can
 * fill is given up at once. One that comes after its gap was given up is handed on at once, late: its position tells
 * the receiver that later ones came before it. A new generation (the sender restarted) hands on what the earlier one
 * still held, then counts afresh. The caller's {@code deliver} runs under this object's lock, so that two links'
 * threads hand on one sender's messages one after the other; it must not block.
 */
final class SenderOrder {

    /**
     * The longest a gap that a link may still fill is waited for: far longer than one link's delivery lags another's
     * on a busy node (a few ms), far shorter than anything a person or deadtime notices.
     */
    static final Duration HOLD = Duration.ofMillis(100);

    /** Where a message is handed on to. */
    @FunctionalInterface
    interface Delivery {
        void deliver(SenderPosition position, byte[] payload);
    }

    private record Held(SenderPosition position, byte[] payload, long arrivedNanos) {
    }

    private long generation;
    /** The counter to hand on next; -1 before the generation's first message. */
    private long next = -1;
    private final TreeMap<Long, Held> held = new TreeMap<>();

    /**
     * A message not seen before ({@link ReplayWindow} said so): hands on it and the held ones it lets through, or
     * holds it behind the part of a gap that a link may still fill.
     *
     * @param stillComing the lowest counter of this generation some link may still bring (each link brings the
     *                    sender's messages in order, so every later one too); {@code Long.MAX_VALUE} when none may
     * @return true when messages are held: the caller calls {@link #releaseOverdue} once {@link #HOLD} has passed
     */
    synchronized boolean arrived(SenderPosition position, byte[] payload, long nowNanos, LongSupplier stillComing,
                                 Delivery deliver) {
        long counter = position.counter();
        if (next < 0 || position.generation() != generation) {
            held.values().forEach(waiting -> deliver.deliver(waiting.position(), waiting.payload()));
            held.clear();
            generation = position.generation();
            next = counter + 1;
            deliver.deliver(position, payload);
            return false;
        }
        if (counter > next) {
            held.put(counter, new Held(position, payload, nowNanos));
            long comingFrom = stillComing.getAsLong();
            while (!held.isEmpty() && next < Math.min(held.firstKey(), comingFrom)) {
                next = Math.min(held.firstKey(), comingFrom);
                handOnConsecutive(deliver);
            }
            return !held.isEmpty();
        }
        deliver.deliver(position, payload);
        if (counter == next) {
            next++;
            handOnConsecutive(deliver);
        }
        return false;
    }

    /** Gives up every gap that a message has waited behind for {@link #HOLD}, handing on what it held. */
    synchronized void releaseOverdue(long nowNanos, Delivery deliver) {
        while (!held.isEmpty() && nowNanos - oldestArrival() >= HOLD.toNanos()) {
            next = held.firstKey();
            handOnConsecutive(deliver);
        }
    }

    private long oldestArrival() {
        return held.values().stream().mapToLong(Held::arrivedNanos).min().orElseThrow();
    }

    private void handOnConsecutive(Delivery deliver) {
        for (Map.Entry<Long, Held> first = held.firstEntry(); first != null && first.getKey() == next;
                first = held.firstEntry()) {
            held.pollFirstEntry();
            deliver.deliver(first.getValue().position(), first.getValue().payload());
            next++;
        }
    }
}
