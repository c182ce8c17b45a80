package org.jheartbeat.agent.membership;

import com.google.common.base.Ticker;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_ALL;

/**
 * JGroups' FD_ALL at ha.cf's timings ({@link FailureDetection}): a member is suspected, and its view drops it, once it
 * has been silent for longer than deadtime, checked every {@link FailureDetection#checkInterval()}; heartbeats go out
 * every keepalive in which this node sent nothing else to the group. Placed right above the transport
 * ({@link TransportStacks}), it counts every packet the transport let in as a sign of life, discovery's and merge's
 * included, as the late-heartbeat warning does. Silences are measured on {@code ticker}, a monotonic clock, never on
 * JGroups' coarse time service (which is up to half a second stale, and would shorten the silence). No second check
 * follows (JGroups' VERIFY_SUSPECT2 asked the silent node once more and waited for it on the wall clock): heartbeat
 * asks nothing either, and a node that answered it would have been heard within deadtime.
 */
public final class DeadtimeDetector extends FD_ALL {

    private final Ticker ticker;

    public DeadtimeDetector(FailureDetection detection, Ticker ticker) {
        this.ticker = ticker;
        // JGroups numbers the protocols it knows; a subclass has no number of its own, and the heartbeats' header
        // would share the transport's slot (0) in every message.
        setId(ClassConfigurator.getProtocolId(FD_ALL.class));
        setInterval(detection.heartbeatInterval().toMillis());
        setTimeout(detection.deadtime().toMillis());
        setTimeoutCheckInterval(detection.checkInterval().toMillis());
    }

    /**
     * FD_ALL's start compares its timeout with the interval of the transport's time service (500 ms), where it would
     * read its timestamps from, and below it warns that it disables the service: every agent with a deadtime under
     * half a second logged that warning, about a clock this detector never reads ({@link #getTimestamp}). The
     * comparison is kept from seeing the deadtime; FD_ALL's other check at start, a heartbeat interval longer than the
     * timeout, cannot fail here: ha.cf refuses a deadtime of two keepalives or less.
     */
    @Override
    public void init() throws Exception {
        long deadtime = timeout;
        timeout = Long.MAX_VALUE;
        try {
            super.init();
        } finally {
            timeout = deadtime;
        }
        use_time_service = false;
    }

    @Override
    protected long getTimestamp() {
        return ticker.read();
    }
}
