package org.jheartbeat.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.junit.jupiter.api.Test;

class PartitionContestTest {

    private static final Map<String, Holding> RUNS_G = Map.of("g", Holding.RUNNING);
    private static final Set<String> BOTH = Set.of("a", "b");

    private final PartitionContest contest = new PartitionContest("a");

    @Test
    void aGroupBothSidesRanIsAnnouncedOnceTheOtherCopyIsGone() {
        contest.membersChanged(Set.of("b"), Set.of(), Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", running("b")))).as("b runs g too").isEmpty();
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b"))))
                .containsExactly(new PartitionContest.Announcement("g", PartitionContest.Reason.OTHER_COPY_GONE));
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b")))).as("once").isEmpty();
    }

    /**
     * The other side ran g and stopped it before the views merged (a standby there, a failure): its clients still
     * follow its announcements, and this node never sees its copy.
     */
    @Test
    void aGroupKeptThroughAPartitionIsAnnouncedOnceTheNodeBackHasReportedAndRunsNoCopy() {
        contest.membersChanged(Set.of("b"), Set.of(), Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        announcedOnceOnlyAfterBReported(PartitionContest.Reason.PARTITION_HEALED);
    }

    @Test
    void aNodeThatSaidGoodbyeAndComesBackOrAFirstJoinIsNoPartition() {
        contest.membersChanged(Set.of(), Set.of("a", "b"), Set.of());
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b")))).as("b joins").isEmpty();
        contest.saidGoodbye("b");
        contest.membersChanged(Set.of("b"), Set.of(), Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b")))).as("b restarted").isEmpty();
    }

    @Test
    void aGroupStillStartingWhenTheNodeCameBackIsLeftToItsOwnStartsAnnouncement() {
        contest.membersChanged(Set.of("b"), Set.of(), Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        assertThat(contest.review(Map.of("g", Holding.STARTING), BOTH, Map.of("b", NodeState.idle("b")))).isEmpty();
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b")))).isEmpty();
    }

    /**
     * A group found running at start (a restart in place; an agent gone between adding an address and announcing it)
     * is announced once the first view's other members have reported and none runs it; heartbeat 3.0.6 announces
     * none (its start of an address already up sends no ARP).
     */
    @Test
    void aGroupFoundRunningAtStartIsAnnouncedOnceTheFirstViewsMembersHaveReportedAndRunNoCopy() {
        contest.foundAtStart(Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        announcedOnceOnlyAfterBReported(PartitionContest.Reason.FOUND_AT_START);
    }

    @Test
    void aGroupFoundRunningAtStartThatAMemberRunsTooIsAnnouncedOnlyOnceThatCopyIsGone() {
        contest.foundAtStart(Set.of("g"));
        contest.membersChanged(Set.of(), Set.of("b"), Set.of("g"));
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", running("b")))).as("b runs g too").isEmpty();
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b"))))
                .containsExactly(new PartitionContest.Announcement("g", PartitionContest.Reason.OTHER_COPY_GONE));
    }

    @Test
    void aNodeStartingAloneAnnouncesWhatItFoundRunningAtItsFirstView() {
        contest.foundAtStart(Set.of("g"));
        contest.membersChanged(Set.of(), Set.of(), Set.of("g"));
        assertThat(contest.review(RUNS_G, Set.of("a"), Map.of()))
                .containsExactly(new PartitionContest.Announcement("g", PartitionContest.Reason.FOUND_AT_START));
    }

    private void announcedOnceOnlyAfterBReported(PartitionContest.Reason reason) {
        assertThat(contest.review(RUNS_G, BOTH, Map.of())).as("b's state not known yet").isEmpty();
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b"))))
                .containsExactly(new PartitionContest.Announcement("g", reason));
        assertThat(contest.review(RUNS_G, BOTH, Map.of("b", NodeState.idle("b")))).as("once").isEmpty();
    }

    private static NodeState running(String node) {
        return NodeState.idle(node).withHolding("g", Holding.RUNNING);
    }
}
