package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups this node must not be given, and for how long. A group a startup check refused stays refused until an
 * operator cleans it up. A group that failed here is excluded for a retry pause, then only marked: while another
 * member can run it, it goes there; when none can, this node tries it again (heartbeat gives a failed group up and
 * asks for it to run elsewhere 30 s later; with no one else, it stays down). The pause is deadtime after a first
 * failure and doubles with each failure in a row, up to the expiry: a start that cannot work here (an interface
 * missing, a disk gone) is not hammered every second by a node left alone, while a passing cause (the address
 * still answering from a frozen holder) is retried at once. A start or a run that works ends the row. The mark is
 * forgotten after the expiry, unless another member runs the group then: forgetting must not move a running group
 * back; and when an operator's standby or takeover covers the group, since that asks every node for it again.
 */
final class FailureMarks {

    private static final Logger LOG = LoggerFactory.getLogger(FailureMarks.class);

    private final String self;
    private final Duration retryPause;
    private final Duration expiry;
    private final Set<String> refused = new HashSet<>();
    /** Each group's last failure here, in the monotonic clock's milliseconds. */
    private final Map<String, Failure> failures = new HashMap<>();

    /** @param inARow failures since the group last started or ran here; 0 once it did */
    private record Failure(long at, int inARow) { }

    FailureMarks(String self, Duration retryPause, Duration expiry) {
        this.self = self;
        this.retryPause = retryPause;
        this.expiry = expiry;
    }

    void refuse(Set<String> groups) {
        refused.addAll(groups);
    }

    void failed(String group, long now) {
        Failure previous = failures.get(group);
        failures.put(group, new Failure(now, previous == null ? 1 : previous.inARow() + 1));
    }

    /** The group started here, or ran: its next failure pauses it from the first pause again. */
    void ran(String group) {
        failures.computeIfPresent(group, (ignored, failure) -> new Failure(failure.at(), 0));
    }

    /**
     * An operator's standby or takeover sends these groups somewhere: the nodes they go to try again, as heartbeat's
     * do, whatever failed there before. Refusals stay.
     */
    void forgetFailures(Set<String> groups) {
        failures.keySet().removeAll(groups);
    }

    /** {@code hbctl resource cleanup}: the operator has looked. */
    void clear(Set<String> groups) {
        refused.removeAll(groups);
        failures.keySet().removeAll(groups);
    }

    /** Forgets the failures older than the expiry of groups no other member holds. */
    void forgetExpired(long now, Set<String> heldElsewhere) {
        Set<String> expired = new TreeSet<>();
        failures.forEach((group, failure) -> {
            if (now - failure.at() >= expiry.toMillis() && !heldElsewhere.contains(group)) {
                expired.add(group);
            }
        });
        expired.forEach(group -> LOG.info("group {} failure on {} forgotten after {} s: {} may run it again", group,
                self, expiry.toSeconds(), self));
        failures.keySet().removeAll(expired);
    }

    /** Every group marked here, refused or failed. */
    Set<String> marked() {
        Set<String> marked = new HashSet<>(refused);
        marked.addAll(failures.keySet());
        return marked;
    }

    /** The groups this node must not run at all now: refused, or failed within their retry pause. */
    Set<String> excluded(long now) {
        Set<String> excluded = new HashSet<>(refused);
        failures.forEach((group, failure) -> {
            if (now - failure.at() < pauseAfter(failure.inARow())) {
                excluded.add(group);
            }
        });
        return excluded;
    }

    private long pauseAfter(int inARow) {
        if (inARow == 0) {
            return 0;
        }
        return Math.min(retryPause.toMillis() << Math.min(inARow - 1, 30), expiry.toMillis());
    }
}
