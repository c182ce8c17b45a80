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
 * operator cleans it up. A group that failed here is excluded for a retry pause (deadtime), then only marked: while
 * another member can run it, it goes there; when none can, this node tries it again (heartbeat gives a failed group
 * up and asks for it to run elsewhere 30 s later; with no one else, it stays down). The mark is forgotten after the
 * expiry, unless another member runs the group then: forgetting must not move a running group back; and when an
 * operator's standby or takeover covers the group, since that asks every node for it again.
 */
final class FailureMarks {

    private static final Logger LOG = LoggerFactory.getLogger(FailureMarks.class);

    private final String self;
    private final Duration retryPause;
    private final Duration expiry;
    private final Set<String> refused = new HashSet<>();
    /** When each group last failed here, in the monotonic clock's milliseconds. */
    private final Map<String, Long> failedAt = new HashMap<>();

    FailureMarks(String self, Duration retryPause, Duration expiry) {
        this.self = self;
        this.retryPause = retryPause;
        this.expiry = expiry;
    }

    void refuse(Set<String> groups) {
        refused.addAll(groups);
    }

    void failed(String group, long now) {
        failedAt.put(group, now);
    }

    /**
     * An operator's standby or takeover sends these groups somewhere: the nodes they go to try again, as heartbeat's
     * do, whatever failed there before. Refusals stay.
     */
    void forgetFailures(Set<String> groups) {
        failedAt.keySet().removeAll(groups);
    }

    /** {@code hbctl resource cleanup}: the operator has looked. */
    void clear(Set<String> groups) {
        refused.removeAll(groups);
        failedAt.keySet().removeAll(groups);
    }

    /** Forgets the failures older than the expiry of groups no other member holds. */
    void forgetExpired(long now, Set<String> heldElsewhere) {
        Set<String> expired = new TreeSet<>();
        failedAt.forEach((group, at) -> {
            if (now - at >= expiry.toMillis() && !heldElsewhere.contains(group)) {
                expired.add(group);
            }
        });
        expired.forEach(group -> LOG.info("group {} failure on {} forgotten after {} s: {} may run it again", group,
                self, expiry.toSeconds(), self));
        failedAt.keySet().removeAll(expired);
    }

    /** Every group marked here, refused or failed. */
    Set<String> marked() {
        Set<String> marked = new HashSet<>(refused);
        marked.addAll(failedAt.keySet());
        return marked;
    }

    /** The groups this node must not run at all now: refused, or failed within the retry pause. */
    Set<String> excluded(long now) {
        Set<String> excluded = new HashSet<>(refused);
        failedAt.forEach((group, at) -> {
            if (now - at < retryPause.toMillis()) {
                excluded.add(group);
            }
        });
        return excluded;
    }
}
