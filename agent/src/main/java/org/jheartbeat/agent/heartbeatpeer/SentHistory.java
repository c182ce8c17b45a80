package org.jheartbeat.agent.heartbeatpeer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last {@value #CAPACITY} sequenced packets this node sent to heartbeat peers (heartbeat's MAXMSGHIST), by
 * sequence number, to resend a lost one with the same bytes when a peer asks ({@code NS_rexmit}). A packet resent
 * within the last {@code max_rexmit_delay - 10} ms is not resent again (heartbeat's ACCEPT_REXMIT_REQ_MS).
 */
final class SentHistory {

    static final int CAPACITY = 500;
    private static final long RESEND_GAP_NANOS = 240_000_000L;

    private final Map<Long, Sent> sent = new LinkedHashMap<>();

    private static final class Sent {
        private final byte[] packet;
        private long resentNanos;
        private boolean resent;

        private Sent(byte[] packet) {
            this.packet = packet;
        }
    }

    /** What a request for one sequence number gets. */
    sealed interface Answer {
        /** These bytes again. */
        record Resend(byte[] packet) implements Answer {
        }

        /** Resent too recently: nothing. */
        record AlreadyResent() implements Answer {
        }

        /** Not held (older than the history, or from an earlier generation): a nak with this reason. */
        record Lost(String reason) implements Answer {
        }

        /** Not sent yet: nothing (heartbeat logs and ignores it). */
        record NotYetSent() implements Answer {
        }
    }

    void add(long sequence, byte[] packet) {
        sent.put(sequence, new Sent(packet));
        if (sent.size() > CAPACITY) {
            sent.remove(sent.keySet().iterator().next());
        }
    }

    void clear() {
        sent.clear();
    }

    Answer request(long sequence, long highest, long nowNanos) {
        if (sequence > highest) {
            return new Answer.NotYetSent();
        }
        Sent held = sent.get(sequence);
        if (held == null) {
            return new Answer.Lost(lowest().filter(low -> sequence < low).isPresent() || sent.isEmpty()
                    ? "seqno too low" : "seqno not found");
        }
        if (held.resent && nowNanos - held.resentNanos < RESEND_GAP_NANOS) {
            return new Answer.AlreadyResent();
        }
        held.resent = true;
        held.resentNanos = nowNanos;
        return new Answer.Resend(held.packet);
    }

    private Optional<Long> lowest() {
        return sent.keySet().stream().findFirst();
    }
}
