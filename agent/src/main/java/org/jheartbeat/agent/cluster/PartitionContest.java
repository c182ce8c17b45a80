package org.jheartbeat.agent.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;

/**
 * When the groups this node keeps announce themselves again after a partition heals, so that clients that followed the
 * other side's announcements come back at once instead of when their caches expire (measured: 33-53 s for a virtual
 * address). A group another member was seen running too (both halves of a partition ran it) is announced once the
 * other copy is gone. And once a node this node lost without a goodbye (declared dead, or outside its view) is a
 * member again and has reported its state, every group running here that no other member runs is announced: the
 * other side may have run it and stopped it before the views merged, leaving its clients on the other side's
 * announcements all the same. heartbeat 3.0.6 goes further: both nodes restart themselves after a partition and the
 * one that takes the groups starts, and so announces, them afresh (heartbeat-3.0.6/heal in e2e's recordings).
 *
 * <p>A group found running when this agent started (a restart in place; an agent that exited, or was killed, with a
 * start under way) is announced likewise once this node has joined, the members of its first view have reported and
 * none of them runs it: the address may never have been announced (an agent gone between adding it and announcing it
 * left the clients on its previous holder). heartbeat 3.0.6 announces none: its ResourceManager starts no resource
 * whose status says running, and IPaddr's and IPaddr2's start of an address already up sends no ARP.
 */
final class PartitionContest {

    /** Why a group is announced again. */
    enum Reason {
        OTHER_COPY_GONE("kept here after another node ran it too"),
        PARTITION_HEALED("kept here through a partition that healed"),
        FOUND_AT_START("found running when the agent started");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    /** A group to announce now, and why. */
    record Announcement(String group, Reason reason) {
    }

    private final String self;
    private final Set<String> contested = new HashSet<>();
    /** Nodes lost without a goodbye, until they are members again. */
    private final Set<String> lost = new HashSet<>();
    private final Set<String> saidGoodbye = new HashSet<>();
    /** Nodes back from a partition whose states are not known yet. */
    private final Set<String> returning = new HashSet<>();
    /**
     * The groups held here when a node came back, or found running at start, to announce once every returning node's
     * state is known.
     */
    private final Map<String, Reason> awaiting = new HashMap<>();
    /** Found running at start, until this node's first view (the first change of the view this node makes). */
    private final Set<String> foundAtStart = new HashSet<>();

    PartitionContest(String self) {
        this.self = self;
    }

    /** The groups found running when this agent started, held here from the start. */
    void foundAtStart(Set<String> groups) {
        foundAtStart.addAll(groups);
    }

    /** {@code node} said it leaves (a stop, a restart in place): its going is no partition. */
    void saidGoodbye(String node) {
        saidGoodbye.add(node);
    }

    /**
     * The view changed.
     *
     * @param held the groups held here now
     */
    void membersChanged(Set<String> gone, Set<String> arrived, Set<String> held) {
        gone.stream().filter(node -> !node.equals(self) && !saidGoodbye.remove(node)).forEach(lost::add);
        Set<String> back = new HashSet<>(arrived);
        back.retainAll(lost);
        lost.removeAll(back);
        arrived.forEach(saidGoodbye::remove);
        if (!back.isEmpty()) {
            returning.addAll(back);
            held.forEach(group -> awaiting.putIfAbsent(group, Reason.PARTITION_HEALED));
        }
        if (!foundAtStart.isEmpty()) {
            // This node's first view: the groups found at start wait for its other members' states.
            arrived.stream().filter(node -> !node.equals(self)).forEach(returning::add);
            foundAtStart.forEach(group -> awaiting.put(group, Reason.FOUND_AT_START));
            foundAtStart.clear();
        }
    }

    /**
     * @param mine    the groups held here
     * @param members the current view
     * @param known   the members' states as reported
     * @return the groups that run here and are to be announced now
     */
    List<Announcement> review(Map<String, Holding> mine, Set<String> members, Map<String, NodeState> known) {
        contested.retainAll(mine.keySet());
        awaiting.keySet().retainAll(mine.keySet());
        returning.retainAll(members);
        boolean returnedKnown = known.keySet().containsAll(returning);
        List<Announcement> announce = new ArrayList<>();
        for (Map.Entry<String, Holding> held : mine.entrySet()) {
            String group = held.getKey();
            boolean running = held.getValue() == Holding.RUNNING;
            boolean elsewhere = known.entrySet().stream().anyMatch(other -> !other.getKey().equals(self)
                    && other.getValue().holdings().containsKey(group));
            if (elsewhere) {
                contested.add(group);
                awaiting.remove(group);
            } else if (contested.remove(group) && running) {
                announce.add(new Announcement(group, Reason.OTHER_COPY_GONE));
            } else if (returnedKnown && awaiting.containsKey(group)) {
                Reason why = awaiting.remove(group);
                if (running) {
                    announce.add(new Announcement(group, why));
                }
            }
        }
        if (returnedKnown) {
            returning.clear();
            awaiting.clear();
        }
        return announce;
    }
}
