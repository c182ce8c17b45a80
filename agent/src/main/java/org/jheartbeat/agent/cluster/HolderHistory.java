package org.jheartbeat.agent.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jheartbeat.agent.ownership.Holding;

/**
 * The last member seen holding each group, whether it has since said it stopped the group, and the groups whose holder
 * then died: why a group comes here.
 */
final class HolderHistory {

    private final Map<String, String> lastHolder = new HashMap<>();
    private final Set<String> orphaned = new HashSet<>();
    /** Per group, every member whose latest report holds it: after a merge two may, and the last to report is one. */
    private final Map<String, Set<String>> holders = new HashMap<>();
    /** Groups whose last holder reported, within the current view, that it no longer holds them in any way. */
    private final Set<String> stopConfirmed = new HashSet<>();

    /**
     * A member's latest report. Each group it holds in any way has it among its holders; it becomes the group's last
     * holder once seen running it: a start that fails there (as one refused because another node still answers for the
     * address) is no handover from it. A group whose last holder it is and that it no longer holds, it has stopped.
     */
    void reported(String node, Map<String, Holding> holdings) {
        holders.forEach((group, nodes) -> nodes.remove(node));
        holdings.keySet().forEach(group -> holders.computeIfAbsent(group, g -> new HashSet<>()).add(node));
        lastHolder.forEach((group, holder) -> {
            if (holder.equals(node) && !holdings.containsKey(group)) {
                stopConfirmed.add(group);
            }
        });
        stopConfirmed.removeAll(holdings.keySet());
        held(node, holdings.entrySet().stream()
                .filter(held -> held.getValue() == Holding.RUNNING || node.equals(lastHolder.get(held.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toSet()));
    }

    private void held(String node, Set<String> groups) {
        groups.forEach(group -> lastHolder.put(group, node));
    }

    void gone(Set<String> nodes) {
        lastHolder.forEach((group, holder) -> {
            if (nodes.contains(holder)) {
                orphaned.add(group);
            }
        });
        holders.forEach((group, held) -> {
            if (held.removeAll(nodes)) {
                orphaned.add(group);
            }
        });
    }

    /**
     * The view changed: a stop confirmed before it proves nothing about a node that was outside it, so a handover that
     * spans a view change is no longer one.
     */
    void viewChanged() {
        stopConfirmed.clear();
    }

    /** The member last seen holding the group, null when none was. */
    String holder(String group) {
        return lastHolder.get(group);
    }

    /**
     * {@code self} acquires the group: after its holder died, from a living holder that said within this view that it
     * stopped it (a handover), or else as a placement whose predecessor is unknown (its first, or one whose previous
     * holder's stop this node has not seen confirmed in this view).
     */
    Acquisition acquiring(String group, String self) {
        String previous = lastHolder.put(group, self);
        boolean confirmed = stopConfirmed.remove(group);
        if (orphaned.remove(group)) {
            return Acquisition.FAILOVER;
        }
        return confirmed && previous != null && !previous.equals(self) ? Acquisition.HANDOVER : Acquisition.START;
    }
}
