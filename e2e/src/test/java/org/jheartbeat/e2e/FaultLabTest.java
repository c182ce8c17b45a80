package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault lab's short fixed schedule on every commit (issue 23): three nodes, seed 30, fourteen steps of every kind,
 * checked from outside the agents ({@link OutsideView}); the long randomized runs are {@code bash
 * scripts/fault-lab.sh}. The seed draws a takeover, a clock step, link cuts, a stop failure under each fencer (gamma
 * records, beta powers off), a standby, a killed agent, two pairs of agents stopped and started at the same instant,
 * a freeze and reloads. Root only.
 */
class FaultLabTest {

    private static final long SEED = 30;
    private static final int STEPS = 14;

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the fault lab builds namespaces and mounts: root only");
    }

    @Test
    void aFixedScheduleOfFaultsNeverRunsAGroupTwiceAndAlwaysSettles() throws Exception {
        Path home = Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
        FaultLab.Report report = FaultLab.run(home, STEPS, SEED, 3, FaultSchedule.FAULTS, System.out);
        assertThat(report.violations()).as("violations (each printed above with its step and the agents' logs)")
                .isEmpty();
        assertThat(report.unsettled()).as("steps after which the groups did not settle").isEmpty();
        assertThat(report.lostWrites()).as("acknowledged client writes lost").isEmpty();
        assertThat(report.unwritten()).as("settled steps after which the client could not write").isEmpty();
        assertThat(report.acknowledgedWrites()).as("client writes acknowledged").isPositive();
        assertThat(report.skipped()).as("steps skipped").isEmpty();
    }
}
