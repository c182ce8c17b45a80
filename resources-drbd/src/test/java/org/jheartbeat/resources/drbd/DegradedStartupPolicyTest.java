package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jheartbeat.resources.drbd.DegradedStartupPolicy.Action;
import org.jheartbeat.resources.drbd.DegradedStartupPolicy.Decision;
import org.jheartbeat.resources.drbd.DrbdResourceConfig.PeerWait;
import org.junit.jupiter.api.Test;

class DegradedStartupPolicyTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final PeerWait DEGR_WFC_TIMEOUT = new PeerWait(LIMIT, "degr-wfc-timeout");
    private static final Optional<String> SEED_ACTION = Optional.of("incon-degr-cmd \"halt -f\"");

    private static DrbdState state(String connection, Role role, DiskState disk) {
        ConnectionState connectionState = ConnectionState.of(connection, "test");
        boolean reachable = connectionState.peerReachable();
        return new DrbdState(connection, connectionState, role, reachable ? Role.SECONDARY : Role.UNKNOWN, disk,
                reachable ? DiskState.UP_TO_DATE : DiskState.UNKNOWN, OptionalDouble.empty());
    }

    private static Decision decide(DrbdState state, Duration waited, boolean connectAttempted) {
        return DegradedStartupPolicy.decide("r0", state, waited, DEGR_WFC_TIMEOUT, connectAttempted, true, SEED_ACTION);
    }

    @Test
    void connectedOrSyncingProceedsAtOnceWhateverTheDisk() {
        assertThat(decide(state("Connected", Role.SECONDARY, DiskState.UP_TO_DATE), Duration.ZERO, false).action())
                .isEqualTo(Action.PROCEED);
        assertThat(decide(state("SyncTarget", Role.SECONDARY, DiskState.INCONSISTENT), LIMIT, false).action())
                .isEqualTo(Action.PROCEED);
    }

    @Test
    void waitsForThePeerUntilDegrWfcTimeout() {
        DrbdState alone = state("WFConnection", Role.SECONDARY, DiskState.INCONSISTENT);

        assertThat(decide(alone, LIMIT.minusMillis(1), false).action()).isEqualTo(Action.WAIT);
        assertThat(decide(alone, LIMIT, false).action()).isEqualTo(Action.FENCE);
    }

    @Test
    void inconsistentAndAloneFencesNamingTheConfiguredCommand() {
        Decision decision = decide(state("WFConnection", Role.SECONDARY, DiskState.INCONSISTENT), LIMIT, false);

        assertThat(decision.action()).isEqualTo(Action.FENCE);
        assertThat(decision.reason()).isEqualTo("r0: local disk Inconsistent and peer not reachable within"
                + " degr-wfc-timeout 120 s (cs:WFConnection ro:Secondary/Unknown ds:Inconsistent/DUnknown);"
                + " drbd.conf incon-degr-cmd \"halt -f\"");
    }

    @Test
    void inconsistentAndAloneWhereDrbdConfAsksForNothingIsRefusedNotFenced() {
        Decision decision = DegradedStartupPolicy.decide("r0",
                state("WFConnection", Role.SECONDARY, DiskState.INCONSISTENT), LIMIT, DEGR_WFC_TIMEOUT, false, true,
                Optional.empty());

        assertThat(decision.action()).isEqualTo(Action.REFUSE);
        assertThat(decision.reason()).endsWith("drbd.conf asks for no action (neither incon-degr-cmd nor a"
                + " pri-on-incon-degr handler), so the node stays up and runs nothing that uses r0");
    }

    @Test
    void goodDiskAloneProceedsDegraded() {
        for (DiskState good : new DiskState[] {DiskState.UP_TO_DATE, DiskState.CONSISTENT}) {
            Decision decision = decide(state("WFConnection", Role.SECONDARY, good), LIMIT.plusSeconds(1), false);
            assertThat(decision.action()).as(good.name()).isEqualTo(Action.PROCEED_DEGRADED);
            assertThat(decision.reason()).endsWith("continuing degraded");
        }
    }

    @Test
    void outdatedDiskAloneProceedsDegradedButSaysItWillNotBePromoted() {
        Decision decision = decide(state("WFConnection", Role.SECONDARY, DiskState.OUTDATED), LIMIT, false);

        assertThat(decision.action()).isEqualTo(Action.PROCEED_DEGRADED);
        assertThat(decision.reason()).endsWith("its Outdated disk will not be promoted");
    }

    @Test
    void zeroTimeoutWaitsForEverAsDrbdDoes() {
        Decision decision = DegradedStartupPolicy.decide("r0",
                state("WFConnection", Role.SECONDARY, DiskState.INCONSISTENT), Duration.ofDays(1),
                new PeerWait(Duration.ZERO, "wfc-timeout"), false, true, SEED_ACTION);

        assertThat(decision.action()).isEqualTo(Action.WAIT);
    }

    @Test
    void standAloneIsAskedToConnectOnceThenReportedAsSplitBrain() {
        DrbdState standAlone = state("StandAlone", Role.PRIMARY, DiskState.UP_TO_DATE);

        assertThat(decide(standAlone, Duration.ZERO, false).action()).isEqualTo(Action.CONNECT);
        Decision again = decide(standAlone, Duration.ofSeconds(1), true);
        assertThat(again.action()).isEqualTo(Action.SPLIT_BRAIN);
        assertThat(again.reason()).contains("never discards");
    }

    @Test
    void singleNodeResourceHasNoPeerToWaitFor() {
        Decision decision = DegradedStartupPolicy.decide("r0", state("StandAlone", Role.SECONDARY,
                DiskState.UP_TO_DATE), Duration.ZERO, DEGR_WFC_TIMEOUT, false, false, Optional.empty());

        assertThat(decision.action()).isEqualTo(Action.PROCEED);
    }

    @Test
    void resourceUnknownToTheKernelIsNotConfigured() {
        assertThat(decide(DrbdState.unconfigured(), Duration.ZERO, false).action()).isEqualTo(Action.NOT_CONFIGURED);
    }
}
