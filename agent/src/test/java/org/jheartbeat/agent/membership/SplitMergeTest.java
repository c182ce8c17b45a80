package org.jheartbeat.agent.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two against two of four nodes, over the real transport on loopback addresses, with JGroups' merge check switched off
 * (MERGE3 still sends its rounds of discovery): a split JGroups does not merge, on both sides of which every node
 * keeps hearing the other side's signs of life. No side is a lone node, so only a rule for sides of several ends it
 * ({@link SplitWatch}): the side without the first name, gamma's and delta's, rejoins together, and alpha's never
 * leaves.
 */
class SplitMergeTest {

    private static final KeyRing KEY = KeyRing.single(1, ClusterKey.derive("split-merge"));
    private static final List<String> NAMES = List.of("alpha", "beta", "gamma", "delta");
    private static final List<String> ADDRESSES = List.of("127.0.4.1", "127.0.4.2", "127.0.4.3", "127.0.4.4");
    private static final Set<String> ALL = Set.copyOf(NAMES);
    private static final Set<String> FIRST_SIDE = Set.of("alpha", "beta");
    private static final Set<String> SECOND_SIDE = Set.of("gamma", "delta");
    private static final int PORT = 18296;
    /** A side's wait, then once more twice as long should a join go wrong, and the joins themselves. */
    private static final Duration MERGED_WITHIN = Membership.SPLIT_PATIENCE.multipliedBy(SplitWatch.SIDE_WAIT_FACTOR * 2L)
            .plus(LoopbackMembers.TIMING.deadtime().multipliedBy(4));

    private final List<Membership> members = new ArrayList<>();
    private final List<DISCARD> cables = new ArrayList<>();
    private final List<List<Set<String>>> viewsSeen = new ArrayList<>();

    @AfterEach
    void close() {
        members.forEach(Membership::close);
    }

    @Test
    void twoAgainstTwoThatJGroupsDoesNotMergeBecomeOneViewAndTheFirstSideNeverLeaves() throws Exception {
        for (int i = 0; i < NAMES.size(); i++) {
            start(i);
        }
        LoopbackMembers.await(() -> members.stream().allMatch(member -> member.members().equals(ALL)),
                "one view of all four");

        List<Address> addresses = cables.stream().map(Protocol::getAddress).toList();
        for (int i = 0; i < NAMES.size(); i++) {
            for (int j = 0; j < NAMES.size(); j++) {
                if (FIRST_SIDE.contains(NAMES.get(i)) != FIRST_SIDE.contains(NAMES.get(j))) {
                    cables.get(i).addIgnoreMember(addresses.get(j));
                }
            }
        }
        LoopbackMembers.await(() -> sideViews(), "alpha with beta, gamma with delta");
        viewsSeen.forEach(List::clear);
        cables.forEach(DISCARD::resetIgnoredMembers);

        long deadline = System.nanoTime() + MERGED_WITHIN.toNanos();
        while (!members.stream().allMatch(member -> member.members().equals(ALL))) {
            assertThat(System.nanoTime()).as("one view of all four within %s; views: %s", MERGED_WITHIN,
                    members.stream().map(Membership::members).toList()).isLessThan(deadline);
            Thread.sleep(20);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(viewsSeen.get(i)).as("%s's views after the split: its side never left", NAMES.get(i))
                    .allMatch(view -> view.containsAll(FIRST_SIDE));
        }
    }

    private boolean sideViews() {
        for (int i = 0; i < NAMES.size(); i++) {
            Set<String> side = FIRST_SIDE.contains(NAMES.get(i)) ? FIRST_SIDE : SECOND_SIDE;
            if (!members.get(i).members().equals(side)) {
                return false;
            }
        }
        return true;
    }

    private void start(int index) throws Exception {
        DISCARD cable = new DISCARD();
        cables.add(cable);
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        viewsSeen.add(seen);
        Membership member = new Membership(NAMES.get(index), List.of(new Membership.Link("lo",
                LoopbackMembers.unmergedStack(KEY, NAMES, ADDRESSES, PORT, index, cable))), 1,
                LoopbackMembers.recording(seen));
        members.add(member);
        member.connect("split-merge");
    }
}
