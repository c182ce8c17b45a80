package org.jheartbeat.resources.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.A;
import static org.jheartbeat.resources.drbd.DrbdStandIn.Node.B;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jheartbeat.resources.drbd.DrbdStandIn.Answer;
import org.jheartbeat.resources.drbd.DrbdStandIn.Node;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in answers as real DRBD does: each answer and /proc/drbd view below is compared with what the
 * real DRBD 8.4.11 (stock Debian bookworm kernel) and drbd-utils 9.22 answered in the qemu testbed, recorded by
 * recorded/drbd-8.4.11-qemu/scenario (vm1 = A, vm2 = B). /proc/drbd's I/O counters line is left out of the
 * comparison: the stand-in does no I/O.
 */
class DrbdStandInFidelityTest {

    private static final String RECORDED = "drbd-8.4.11-qemu/";

    @TempDir
    Path dir;

    private static void assertAnswersAsRecorded(Answer answer, String recording) {
        Recorded.Run recorded = Recorded.run(RECORDED + recording);
        assertThat(answer).as(recording)
                .isEqualTo(new Answer(recorded.exitCode(), recorded.stdout(), recorded.stderr()));
    }

    private static void assertProcAsRecorded(DrbdStandIn standIn, Node node, String recording) {
        assertThat(withoutCounters(standIn.proc(node))).as(recording)
                .isEqualTo(withoutCounters(Recorded.text(RECORDED + recording + ".proc")));
    }

    private static String withoutCounters(String proc) {
        return proc.lines().filter(line -> !line.strip().startsWith("ns:")).collect(Collectors.joining("\n"));
    }

    @Test
    void resourceTheKernelDoesNotKnow() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "A_conn=Unconfigured", "B_conn=WFConnection");

        assertProcAsRecorded(standIn, A, "vm1-00-loaded");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-01-primary-down");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "secondary", "r0"), "vm1-02-secondary-down");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "connect", "r0"), "vm1-02b-connect-down");
    }

    @Test
    void resourceDrbdConfDoesNotDefine() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir);

        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r9"), "vm1-50-primary-unknown-resource");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "connect", "r9"), "vm1-51-connect-unknown-resource");
    }

    @Test
    void nodeRestartedWithoutItsPeerPromotesAlone() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "link=down", "A_conn=WFConnection", "B_conn=Unconfigured");

        assertProcAsRecorded(standIn, A, "vm1-40-restarted-alone");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-41-primary-restarted-alone");
        assertProcAsRecorded(standIn, A, "vm1-42-primary-restarted-alone");
    }

    @Test
    void replaysTheRecordedTwoNodeScenario() throws Exception {
        DrbdStandIn standIn = DrbdStandIn.start(dir, "A_disk=Inconsistent", "B_disk=Inconsistent");
        assertProcAsRecorded(standIn, A, "vm1-04-connected-inconsistent");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-05-primary-inconsistent");

        // primary --force and the resync are not simulated: start again from their outcome.
        standIn.set("A_role=Primary", "A_disk=UpToDate", "B_disk=UpToDate");
        assertProcAsRecorded(standIn, A, "vm1-07-primary-synced");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "connect", "r0"), "vm1-13b-connect-connected");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-13c-primary-again");
        assertProcAsRecorded(standIn, B, "vm2-01-peer-primary");
        assertAnswersAsRecorded(standIn.drbdadmOn(B, "primary", "r0"), "vm2-02-primary-peer-primary");

        standIn.set("A_open=1");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "secondary", "r0"), "vm1-14-secondary-held-open");
        standIn.set("A_open=0");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "secondary", "r0"), "vm1-15-secondary");
        assertProcAsRecorded(standIn, A, "vm1-16-secondary");

        assertAnswersAsRecorded(standIn.drbdadmOn(B, "primary", "r0"), "vm2-04-primary");
        assertProcAsRecorded(standIn, B, "vm2-05-primary");
        assertProcAsRecorded(standIn, A, "vm1-17-peer-primary");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-17b-primary-peer-primary");

        standIn.link("down");
        assertProcAsRecorded(standIn, A, "vm1-18-partitioned");
        assertProcAsRecorded(standIn, B, "vm2-06-partitioned");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "primary", "r0"), "vm1-19-primary-alone");
        assertProcAsRecorded(standIn, A, "vm1-20-primary-alone");

        standIn.link("up");
        assertProcAsRecorded(standIn, A, "vm1-21-split-brain");
        assertProcAsRecorded(standIn, B, "vm2-07-split-brain");
        assertThat(Recorded.text(RECORDED + "vm1-22-dmesg.txt")).contains(standIn.kernelLog().strip());

        assertAnswersAsRecorded(standIn.drbdadmOn(A, "connect", "r0"), "vm1-23-connect-standalone");
        assertProcAsRecorded(standIn, A, "vm1-24-after-connect");
        assertAnswersAsRecorded(standIn.drbdadmOn(B, "connect", "r0"), "vm2-08-connect-standalone");
        assertProcAsRecorded(standIn, A, "vm1-25-after-both-connect");
        assertProcAsRecorded(standIn, B, "vm2-09-after-both-connect");
        assertAnswersAsRecorded(standIn.drbdadmOn(A, "secondary", "r0"), "vm1-27-secondary-standalone");

        standIn.set("A_conn=Unconfigured", "A_role=Secondary");
        assertProcAsRecorded(standIn, A, "vm1-28-down");
    }
}
