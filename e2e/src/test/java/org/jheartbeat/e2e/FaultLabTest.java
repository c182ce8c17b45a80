package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import org.jheartbeat.e2e.FaultStep.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault lab's short fixed schedule on every commit (issue 23): three nodes, seed 23, a dozen steps, checked from
 * outside the agents ({@link OutsideView}); the long randomized runs are {@code bash scripts/fault-lab.sh}. Left out
 * of this schedule until their fixes land (the long runs include them): freezes and killed agents, while a start
 * refused because the faulty node still answers for the address bans the group on the survivors (issue 22, item 5);
 * agents started at the same instant, which start alone, one binding its cluster link to a virtual address, and then
 * ban the groups they could not start (issue 20; issue 22, item 5). Root only.
 */
class FaultLabTest {

    private static final long SEED = 23;
    private static final int STEPS = 12;

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the fault lab builds namespaces and mounts: root only");
    }

    @Test
    void aFixedScheduleOfFaultsNeverRunsAGroupTwiceAndAlwaysSettles() throws Exception {
        Path home = Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat"));
        EnumSet<Kind> kinds = EnumSet.copyOf(FaultSchedule.FAULTS);
        kinds.removeAll(EnumSet.of(Kind.FREEZE, Kind.AGENT_KILL, Kind.SIMULTANEOUS_STOP_START));
        FaultLab.Report report = FaultLab.run(home, STEPS, SEED, 3, kinds, System.out);
        assertThat(report.violations()).as("violations (each printed above with its step and the agents' logs)")
                .isEmpty();
        assertThat(report.unsettled()).as("steps after which the groups did not settle").isEmpty();
        assertThat(report.lostWrites()).as("acknowledged client writes lost").isEmpty();
        assertThat(report.acknowledgedWrites()).as("client writes acknowledged").isPositive();
    }
}
