package org.jheartbeat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The checker the cluster tests lean on can fail: each rule, broken on purpose over a world driven by hand. */
class InvariantCheckerTest {

    private final World world = new World();
    private final AtomicBoolean connected = new AtomicBoolean(true);

    private InvariantChecker checker(Duration mergeBound) {
        return new InvariantChecker(world, (a, b) -> connected.get(), mergeBound);
    }

    @Test
    void aStartOnANodeConnectedToTheRunnerIsAViolationAtThatInstant() {
        try (InvariantChecker checker = checker(Duration.ofMinutes(1))) {
            world.started("a", "g");
            world.started("b", "g");

            assertThat(checker.violations()).singleElement().asString()
                    .contains("g started on one of a and b while the other, connected to it, ran it");
        }
    }

    @Test
    void copiesStartedApartMayMeetButOneMustGoWithinTheBound() throws Exception {
        try (InvariantChecker checker = checker(Duration.ofMillis(50))) {
            connected.set(false);
            world.started("a", "g");
            world.started("b", "g");
            connected.set(true);
            checker.sample();
            assertThat(checker.violations()).as("a partition that just healed").isEmpty();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (checker.violations().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(InvariantChecker.SAMPLE_PERIOD.toMillis());
            }

            assertThat(checker.violations()).singleElement().asString()
                    .contains("g still ran on both a and b 50 ms after they were connected again");
        }
    }

    @Test
    void aHandoverAndAPoweredOffRunnerAreNoViolation() {
        try (InvariantChecker checker = checker(Duration.ofMillis(50))) {
            world.started("a", "g");
            world.stopped("a", "g");
            world.started("b", "g");
            world.poweredOff("b");
            world.started("b", "g");
            world.started("c", "g");

            assertThat(checker.violations()).isEmpty();
            assertThat(world.runners("g")).as("nothing a powered-off node does is seen").containsExactly("c");
        }
    }
}
