package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.junit.jupiter.api.Test;

class PromotionAndStatusTest {

    private static DrbdState state(String connection, Role role, Role peerRole, DiskState disk) {
        return new DrbdState(connection, ConnectionState.of(connection, "test"), role, peerRole, disk, DiskState.UP_TO_DATE,
                OptionalDouble.empty());
    }

    @Test
    void refusesDisksWhoseDataIsNotKnownGood() {
        for (DiskState bad : List.of(DiskState.INCONSISTENT, DiskState.OUTDATED, DiskState.DISKLESS,
                DiskState.ATTACHING, DiskState.FAILED)) {
            assertThat(Promotion.refusal("r0", state("Connected", Role.SECONDARY, Role.SECONDARY, bad)))
                    .as(bad.name()).hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("r0: local disk is " + bad.drbdName() + " ("));
        }
        assertThat(Promotion.refusal("r0", DrbdState.unconfigured())).isPresent();
        assertThat(Promotion.refusal("r0", state("WFConnection", Role.SECONDARY, Role.UNKNOWN, DiskState.CONSISTENT)))
                .isEmpty();
    }

    @Test
    void retriesOnlyWhileThePeerIsPrimary() {
        assertThat(Promotion.worthRetrying(state("Connected", Role.SECONDARY, Role.PRIMARY, DiskState.UP_TO_DATE)))
                .isTrue();
        assertThat(Promotion.worthRetrying(state("WFConnection", Role.SECONDARY, Role.UNKNOWN, DiskState.UP_TO_DATE)))
                .isFalse();
    }

    @Test
    void statusFollowsTheLocalRole() {
        assertThat(RoleStatus.of("r0", state("Connected", Role.PRIMARY, Role.SECONDARY, DiskState.UP_TO_DATE), true)
                .outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(RoleStatus.of("r0", state("Connected", Role.SECONDARY, Role.PRIMARY, DiskState.UP_TO_DATE), true)
                .outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(RoleStatus.of("r0", DrbdState.unconfigured(), true).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(RoleStatus.of("r0", state("Connected", Role.UNKNOWN, Role.PRIMARY, DiskState.UP_TO_DATE), true)
                .outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void standAloneWithAPeerIsReportedAsPossibleSplitBrain() {
        OperationResult status = RoleStatus.of("r0",
                state("StandAlone", Role.PRIMARY, Role.UNKNOWN, DiskState.UP_TO_DATE), true);

        assertThat(status.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(status.reason()).contains("split brain").contains("never resolves");
        assertThat(RoleStatus.of("r0", state("StandAlone", Role.PRIMARY, Role.UNKNOWN, DiskState.UP_TO_DATE), false)
                .reason()).doesNotContain("split brain");
    }

    @Test
    void severalResourcesRunOnlyWhenAllDo() {
        OperationResult up = new OperationResult(Outcome.SUCCESS, "r0 up");
        OperationResult down = OperationResult.notRunning("r1 down");

        assertThat(RoleStatus.condense(List.of(up, up)).outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(RoleStatus.condense(List.of(down, down)).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(RoleStatus.condense(List.of(up, down)))
                .isEqualTo(OperationResult.failed("resources disagree: r0 up; r1 down"));
    }
}
