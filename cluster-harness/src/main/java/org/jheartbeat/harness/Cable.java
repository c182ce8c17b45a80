package org.jheartbeat.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.MERGE3;
import org.jgroups.util.NameCache;

/**
 * A simulated node's cabling, right above its transport. A cut cable carries nothing: its transport, and so the node's
 * {@link org.jheartbeat.agent.membership.LinkGuard}, hears nothing from the peers it separates, as on a network whose
 * cable is pulled. A split of the views alone ({@link InJvmCluster#splitViews}) drops the peers' messages before
 * JGroups' membership reads them, while the transport still hears their authenticated packets: the split the fault lab
 * saw, where JGroups does not merge two sides that hear each other. Such a split holds the peers apart by their node
 * names, which a link that rejoins keeps (its JGroups address is new). With the merge rounds lost
 * ({@link InJvmCluster#liftViewSplit}), only MERGE3's messages are dropped: JGroups could join the sides but never
 * finds that they are apart.
 */
final class Cable extends DISCARD {

    private static final short MERGE_ROUNDS = ClassConfigurator.getProtocolId(MERGE3.class);

    private final Set<Address> cut = ConcurrentHashMap.newKeySet();
    private final Set<String> viewsApart = ConcurrentHashMap.newKeySet();
    private final Set<String> mergeRoundsLost = ConcurrentHashMap.newKeySet();

    /** Whether the transport must drop what {@code from} sent: the cable to it is cut, or the node has no power. */
    boolean cuts(Address from) {
        return discardAll() || cut.contains(from);
    }

    /**
     * Cuts the cable to {@code cable}, splits the views only from the nodes named {@code viewsOnly}, loses the merge
     * rounds of those named {@code unmerged}, and joins everything else again.
     */
    void separate(Set<Address> cable, Set<String> viewsOnly, Set<String> unmerged) {
        resetIgnoredMembers();
        cut.clear();
        cut.addAll(cable);
        cable.forEach(this::addIgnoreMember);
        viewsApart.retainAll(viewsOnly);
        viewsApart.addAll(viewsOnly);
        mergeRoundsLost.retainAll(unmerged);
        mergeRoundsLost.addAll(unmerged);
    }

    @Override
    protected boolean shouldDropUpMessage(Message message, Address sender) {
        if (super.shouldDropUpMessage(message, sender)) {
            return true;
        }
        String node = NameCache.get(sender);
        return node != null && (viewsApart.contains(node)
                || mergeRoundsLost.contains(node) && message.getHeader(MERGE_ROUNDS) != null);
    }
}
