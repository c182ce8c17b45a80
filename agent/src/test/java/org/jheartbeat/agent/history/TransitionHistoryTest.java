package org.jheartbeat.agent.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jheartbeat.agent.cluster.Acquisition;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

/** Transitions put together from the events one node hears, each step at its offset from what set it off. */
class TransitionHistoryTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TransitionHistory history = new TransitionHistory(clock, List.of("g"));

    private GroupSnapshot group(RunState state, RunState first, RunState second) {
        Instant now = clock.instant();
        return new GroupSnapshot("g", state, now, "why " + state.word(), List.of(
                new ResourceSnapshot("r1", first, now, Duration.ofMillis(10)),
                new ResourceSnapshot("r2", second, now, Duration.ofMillis(20))), 0, List.of());
    }

    private void after(long millis, RunState state, RunState first, RunState second) {
        clock.advance(Duration.ofMillis(millis));
        history.groupChanged(group(state, first, second));
    }

    private void startsAfter(long millis) {
        clock.advance(Duration.ofMillis(millis));
        history.groupChanged(group(RunState.STARTING, RunState.STOPPED, RunState.STOPPED));
        after(10, RunState.STARTING, RunState.STARTED, RunState.STOPPED);
        after(20, RunState.STARTING, RunState.STARTED, RunState.STARTED);
        after(1, RunState.STARTED, RunState.STARTED, RunState.STARTED);
    }

    @Test
    void aFailoverRunsFromTheNodeLostToTheGroupRunning() {
        history.groupChanged(group(RunState.STOPPED, RunState.STOPPED, RunState.STOPPED));
        history.membersChanged(Set.of("b"), Set.of());
        clock.advance(Duration.ofMillis(1500));
        history.acquired("g", Acquisition.FAILOVER, "b");
        startsAfter(2);
        Transition failover = history.transitions().get(0);
        assertThat(failover.kind()).isEqualTo("failover");
        assertThat(failover.peer()).isEqualTo("b");
        assertThat(failover.outcome()).isEqualTo("running");
        assertThat(failover.steps()).extracting(Transition.Step::event, Transition.Step::subject,
                Transition.Step::atMillis).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node-lost", "b", 0L),
                org.assertj.core.groups.Tuple.tuple("decided", "acquire here", 1500L),
                org.assertj.core.groups.Tuple.tuple("started", "r1", 1512L),
                org.assertj.core.groups.Tuple.tuple("started", "r2", 1532L),
                org.assertj.core.groups.Tuple.tuple("running", "g", 1533L));
        assertThat(failover.tookMillis()).isEqualTo(1533);
    }

    @Test
    void aStandbySeenHereIsTheReleaseStartAndAFailedCheckARestart() {
        history.groupChanged(group(RunState.STARTED, RunState.STARTED, RunState.STARTED));
        history.requested("a", "standby all", Set.of("g"));
        after(3, RunState.STOPPING, RunState.STARTED, RunState.STARTED);
        after(5, RunState.STOPPING, RunState.STARTED, RunState.STOPPED);
        after(5, RunState.STOPPING, RunState.STOPPED, RunState.STOPPED);
        after(1, RunState.STOPPED, RunState.STOPPED, RunState.STOPPED);
        Transition release = history.transitions().get(0);
        assertThat(release.kind()).isEqualTo("release");
        assertThat(release.outcome()).isEqualTo("stopped");
        assertThat(release.steps()).extracting(Transition.Step::event).containsExactly("requested", "stopping",
                "stopped", "stopped", "stopped");
        assertThat(release.steps().get(2).tookMillis()).isEqualTo(20);

        history.acquired("g", Acquisition.START, null);
        startsAfter(0);
        after(1000, RunState.STARTED, RunState.STARTED, RunState.FAILED);
        after(1, RunState.STARTING, RunState.STARTED, RunState.FAILED);
        after(5, RunState.STARTING, RunState.STARTED, RunState.STOPPED);
        after(5, RunState.STARTING, RunState.STARTED, RunState.STARTED);
        after(1, RunState.STARTED, RunState.STARTED, RunState.STARTED);
        Transition restart = history.transitions().get(2);
        assertThat(restart.kind()).isEqualTo("restart");
        assertThat(restart.steps()).extracting(Transition.Step::event).containsExactly("failed", "starting",
                "stopped", "started", "running");
        assertThat(restart.tookMillis()).isEqualTo(12);
    }

    @Test
    void onlyTheLastTransitionsAreKept() {
        history.groupChanged(group(RunState.STOPPED, RunState.STOPPED, RunState.STOPPED));
        for (int i = 0; i < TransitionHistory.CAPACITY + 5; i++) {
            history.fenced("fence " + i);
        }
        List<Transition> kept = history.transitions();
        assertThat(kept).hasSize(TransitionHistory.CAPACITY);
        assertThat(kept.get(0).steps().get(0).subject()).isEqualTo("fence 5");
    }
}
