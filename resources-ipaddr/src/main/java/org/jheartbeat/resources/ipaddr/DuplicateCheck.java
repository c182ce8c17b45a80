package org.jheartbeat.resources.ipaddr;

import java.time.Duration;
import org.jheartbeat.resource.Succession;

/**
 * How a start makes sure that nobody else holds the address before this node announces it, decided from what the
 * agent knows of the group's previous holder:
 * <ul>
 *   <li>the previous holder stopped the group and said so ({@link Succession#HANDED_OVER}): no check, the cluster's
 *       stop-before-start already guarantees that it took the address off;</li>
 *   <li>the previous holder was declared dead ({@link Succession#HOLDER_DEAD}): a check with a wait sized for a LAN
 *       ({@code failover-check-wait}), through the kernel's own ARP where it can tell, else the segment tool; its
 *       node may still be up and answering (its agent frozen, its cluster links cut but not its clients'), and then
 *       the start is refused before any announcement;</li>
 *   <li>nothing is known ({@link Succession#UNKNOWN}: a first start, a restart here): the segment tool's probe with
 *       the full {@code duplicate-check-wait}, as every start did before.</li>
 * </ul>
 *
 * @param listen how long the check listens for an answer (zero when there is no check)
 */
record DuplicateCheck(Kind kind, Duration listen) {

    enum Kind {
        /** Nothing is asked. */
        NONE,
        /** The kernel's neighbour table where it can tell (IPv4), else the segment tool, with a short wait. */
        QUICK,
        /** The segment tool's probe (arping from 0.0.0.0, ndisc6), with the full wait. */
        FULL
    }

    static DuplicateCheck forStart(Succession succession, IpAddrSettings settings) {
        return switch (succession) {
            case HANDED_OVER -> new DuplicateCheck(Kind.NONE, Duration.ZERO);
            case HOLDER_DEAD -> new DuplicateCheck(Kind.QUICK, settings.failoverWait());
            case UNKNOWN -> new DuplicateCheck(Kind.FULL, settings.duplicateWait());
        };
    }
}
