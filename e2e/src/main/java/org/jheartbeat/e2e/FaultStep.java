package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.List;

/**
 * One step of the fault lab's schedule: what happens, to which nodes, with which hb_standby / hb_takeover scope, and
 * how long a fault is held before it is undone.
 *
 * @param number the step's place in the schedule, from 1
 * @param nodes  the nodes the step acts on (one, or the minority of a partition, or those stopped and started at once)
 * @param scope  {@code local}, {@code foreign} or {@code all} for standby and takeover; the seconds a clock step
 *               steps the wall clock by ({@code +600}, {@code -600}); the group whose stop fails ({@code g1});
 *               empty otherwise
 */
record FaultStep(int number, Kind kind, List<String> nodes, String scope, Duration hold) {

    /** The faults and operations, after Pacemaker's CTS and heartbeat's own CTS for haresources clusters. */
    enum Kind {
        /** The node's plug pulled: its cable and every process at once. */
        POWER_OFF,
        /** A powered-off node boots and its agent starts. */
        POWER_ON,
        /** The agent killed (SIGKILL) with the node and its resources up, restarted after the hold. */
        AGENT_KILL,
        /** The agent stopped (SIGSTOP) for longer than deadtime, then continued (SIGCONT). */
        FREEZE,
        /** One node's cable unplugged for the hold. */
        LINK_CUT,
        /** A minority of the nodes cut off from the rest (the client still reaches both sides) for the hold. */
        MINORITY_PARTITION,
        /** Several agents told to stop (SIGTERM) at the same instant, then started at the same instant. */
        SIMULTANEOUS_STOP_START,
        /** hb_standby with a scope, on the node. */
        STANDBY,
        /** hb_takeover with a scope, on the node. */
        TAKEOVER,
        /** The agent stopped (SIGTERM) and started again on a node that stays up. */
        RESTART,
        /** A group added to or removed from every node's haresources, then every agent told to reload (SIGHUP). */
        RELOAD,
        /** The same change on one node and its agent reloaded first; after the hold, on the others. */
        RELOAD_ONE_NODE_FIRST,
        /** The node's wall clock stepped by ten minutes either way (its agent's own, through libfaketime), held. */
        CLOCK_STEP,
        /**
         * A group's script fails its stop on the node, which took the group over and is then asked to stand by for it:
         * the node fences itself. Last, so that adding it left the schedules of the kinds before it as they were.
         */
        STOP_FAILURE
    }

    String describe() {
        return "step " + number + ": " + kind.name().toLowerCase().replace('_', ' ') + " " + String.join(",", nodes)
                + (scope.isEmpty() ? "" : " " + scope) + (hold.isZero() ? "" : " for " + hold.toMillis() + " ms");
    }
}
