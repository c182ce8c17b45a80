package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

/** The agent on IET with the seed's own ietd.conf; proc files composed from IET's format strings (recorded/README.md). */
class IetTargetResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TOKEN = "iSCSITarget::/etc/ietd.conf";
    private static final String IET = "backend = iet";

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private Resource agent() throws Exception {
        String sample = Files.readString(Path.of("../etc/ietd.conf"));
        return Targets.agent(TOKEN, IET, runner, path -> sample);
    }

    private FakeCommandRunner.Rule volumes() {
        return runner.on("cat", IetBackend.VOLUMES);
    }

    private FakeCommandRunner.Rule sessions() {
        return runner.on("cat", IetBackend.SESSIONS);
    }

    @Test
    void startCreatesTheSeedsTargetWithItsThreeLunsAndChecksTheVolumeFile() throws Exception {
        Recorded.file(Recorded.file(Recorded.file(Recorded.file(volumes(), "iet/volume-other-only.txt"),
                "iet/volume-other-only.txt"), "iet/volume-seed-no-lun.txt"), "iet/volume-seed.txt");
        Recorded.file(sessions(), "iet/session-none.txt");
        runner.on("stat", "-L", "-c", "%F").answer(0, "regular file\n");
        runner.on("ietadm", "--op", "new").answer(0, "");

        OperationResult result = agent().start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).filteredOn(line -> line.startsWith("ietadm")).containsExactly(
                "ietadm --op new --tid=0 --params Name=" + Targets.SEED_IQN,
                "ietadm --op new --tid=1 --lun=0 --params Path=/data/iSCSI/LUN0,Type=fileio",
                "ietadm --op new --tid=1 --lun=1 --params Path=/data/iSCSI/LUN1,Type=fileio",
                "ietadm --op new --tid=1 --lun=2 --params Path=/data/iSCSI/LUN2,Type=fileio");
    }

    @Test
    void statusNamesEachLunTheKernelDoesNotServe() throws Exception {
        Recorded.file(Recorded.file(volumes(), "iet/volume-seed.txt"), "iet/volume-seed-one-lun.txt");
        Recorded.file(sessions(), "iet/session-one-initiator.txt");
        Resource agent = agent();

        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.failed(TOKEN
                + ": LUN 1 (/data/iSCSI/LUN1, fileio) is not served; LUN 2 (/data/iSCSI/LUN2, fileio) is not served"));
    }

    @Test
    void stopClosesTheInitiatorsConnectionThenDeletesTheTarget() throws Exception {
        Recorded.file(Recorded.file(Recorded.file(volumes(), "iet/volume-seed.txt"), "iet/volume-seed.txt"),
                "iet/volume-other-only.txt");
        Recorded.file(Recorded.file(sessions(), "iet/session-one-initiator.txt"), "iet/session-one-initiator.txt");
        runner.on("ietadm", "--op", "delete").answer(0, "");

        OperationResult result = agent().stop(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).filteredOn(line -> line.startsWith("ietadm")).containsExactly(
                "ietadm --op delete --tid=1 --sid=564049465049600 --cid=0",
                "ietadm --op delete --tid=1");
    }

    @Test
    void stopRetriesUntilIetHasDroppedTheSession() throws Exception {
        Recorded.file(Recorded.file(Recorded.file(Recorded.file(volumes(), "iet/volume-seed.txt"),
                "iet/volume-seed.txt"), "iet/volume-seed.txt"), "iet/volume-other-only.txt");
        Recorded.file(Recorded.file(sessions(), "iet/session-one-initiator.txt"), "iet/session-none.txt");
        runner.on("ietadm", "--op", "delete", "--tid=1", "--sid=564049465049600").answer(0, "");
        // ietadm(8): errors come only as "ietd_request ... -1" with a non-zero status; -16 is EBUSY.
        runner.on("ietadm", "--op", "delete", "--tid=1").answer(1, "", "ietd_request 203 3 -16").answer(0, "");

        assertThat(agent().stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).filteredOn(line -> line.equals("ietadm --op delete --tid=1")).hasSize(2);
    }

    @Test
    void chapAccountIsCheckedAndAddedWithIetadm() throws Exception {
        Recorded.file(volumes(), "iet/volume-seed-one-lun.txt");
        Recorded.file(sessions(), "iet/session-none.txt");
        runner.on("ietadm", "--op", "show").answer(1, "", "ietd_request 203 3 -2").answer(1, "", "ietd_request 203 3 -2")
                .answer(0, "");
        runner.on("ietadm", "--op", "new").answer(0, "");
        runner.on("stat", "-L", "-c", "%F").answer(0, "regular file\n");
        String sample = "Target " + Targets.SEED_IQN + "\nLun 0 Path=/data/iSCSI/LUN0\nIncomingUser jim othersecret12\n";

        OperationResult result = Targets.agent(TOKEN, IET, runner, path -> sample).start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).contains(
                "ietadm --op new --tid=1 --user '--params=IncomingUser=jim,Password=****'");
    }

    @Test
    void initiatorListsAreRefusedBecauseIetReadsThemFromItsOwnFile() {
        assertThatThrownBy(() -> Targets.agent(TOKEN + "::allow=10.0.0.0/24", IET, runner, path ->
                "Target " + Targets.SEED_IQN + "\nLun 0 Path=/data/iSCSI/LUN0\n"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("IET takes allowed initiators [10.0.0.0/24] from its initiators.allow file");
    }

    @Test
    void volumeFileThatIsNotIetsFormatFailsNamingTheLine() throws Exception {
        volumes().answer(0, "tid:1 name:" + Targets.SEED_IQN + "\n\tlun:zero path:/x\n");

        OperationResult result = agent().status(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo(IetBackend.VOLUMES + " line 2: lun:zero is not a number");
    }
}
