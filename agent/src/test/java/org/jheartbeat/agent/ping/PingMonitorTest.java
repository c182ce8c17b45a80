package org.jheartbeat.agent.ping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jheartbeat.agent.config.PingTarget;
import org.jheartbeat.agent.config.SourceLocation;
import org.jheartbeat.testsupport.ManualClock;
import org.junit.jupiter.api.Test;

class PingMonitorTest {

    private static final SourceLocation HA_CF = SourceLocation.wholeFile(Path.of("ha.cf"));
    private final Set<String> answering = new HashSet<>();
    private final List<Integer> reported = new ArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

    private PingMonitor monitor(PingTarget... targets) {
        return new PingMonitor(List.of(targets), Duration.ofSeconds(1), Duration.ofSeconds(3),
                (address, timeout) -> answering.contains(address), clock.ticker(), reported::add);
    }

    @Test
    void aTargetCountsAsReachableUntilSilentForDeadping() {
        PingMonitor monitor = monitor(new PingTarget("10.0.0.254", List.of("10.0.0.254"), HA_CF));
        answering.add("10.0.0.254");
        monitor.probeAll();
        answering.clear();
        clock.advance(Duration.ofSeconds(2));
        monitor.probeAll();
        clock.advance(Duration.ofSeconds(2));
        monitor.probeAll();

        assertThat(reported).containsExactly(1, 0);
    }

    @Test
    void aGroupIsReachableThroughAnyOfItsAddresses() {
        PingMonitor monitor = monitor(new PingTarget("routers", List.of("10.0.0.1", "10.0.0.2"), HA_CF),
                new PingTarget("10.0.1.254", List.of("10.0.1.254"), HA_CF));
        answering.add("10.0.0.2");
        monitor.probeAll();
        clock.advance(Duration.ofSeconds(4));
        monitor.probeAll();

        assertThat(reported).as("both within deadping of start-up, then only the group").containsExactly(2, 1);
    }

    @Test
    void aWallClockStepSilencesNoTargetAndKeepsNoneAlive() {
        PingMonitor monitor = monitor(new PingTarget("10.0.0.254", List.of("10.0.0.254"), HA_CF));
        answering.add("10.0.0.254");
        monitor.probeAll();
        answering.clear();
        clock.step(Duration.ofMinutes(10));
        monitor.probeAll();
        clock.step(Duration.ofMinutes(-20));
        clock.advance(Duration.ofSeconds(3));
        monitor.probeAll();

        assertThat(reported).as("reachable until deadping of elapsed time passed, whatever the wall clock said")
                .containsExactly(1, 0);
    }
}
