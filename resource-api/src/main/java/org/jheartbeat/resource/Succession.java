package org.jheartbeat.resource;

/**
 * How the group came to this node, as far as the cluster knows when it asks a resource to start: what a start may
 * rely on about the node that ran the resource before. A virtual address decides from it how to check that nobody
 * else holds it; most resources need not look.
 */
public enum Succession {

    /**
     * Nothing is known of a previous holder: the group's first start since this node joined, a restart here, a group
     * found running when the agent started.
     */
    UNKNOWN,

    /**
     * The member that held the group last stopped it there and reported it stopped before this start was asked for
     * (a handover: standby, takeover, failback, a failed start given up): each of its resources' stop succeeded there
     * or its status then said stopped.
     */
    HANDED_OVER,

    /**
     * The member that held the group last was declared dead on every link while it held it (power lost, links cut,
     * its agent killed or frozen past deadtime): nothing the node itself said confirms that its resources are gone.
     */
    HOLDER_DEAD
}
