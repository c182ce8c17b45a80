package org.jheartbeat.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;

/**
 * A simulated node's cabling, right above its transport. A cut cable carries nothing: its transport, and so the node's
 * {@link org.jheartbeat.agent.membership.LinkGuard}, hears nothing from the peers it separates, as on a network whose
 * cable is pulled. A split of the views alone ({@link InJvmCluster#splitViews}) drops the peers' messages before
 * JGroups' membership reads them, while the transport still hears their authenticated packets: the split the fault lab
 * saw, where JGroups does not merge two sides that hear each other.
 */
final class Cable extends DISCARD {

    private final Set<Address> cut = ConcurrentHashMap.newKeySet();

    /** Whether the transport must drop what {@code from} sent: the cable to it is cut, or the node has no power. */
    boolean cuts(Address from) {
        return discardAll() || cut.contains(from);
    }

    /** Cuts the cable to {@code cable}, splits the views only from {@code viewsOnly}, and joins everything else again. */
    void separate(Set<Address> cable, Set<Address> viewsOnly) {
        resetIgnoredMembers();
        cut.clear();
        cut.addAll(cable);
        cable.forEach(this::addIgnoreMember);
        viewsOnly.forEach(this::addIgnoreMember);
    }
}
