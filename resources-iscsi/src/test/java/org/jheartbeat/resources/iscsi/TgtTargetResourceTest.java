package org.jheartbeat.resources.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.junit.jupiter.api.Test;

/** The agent on tgt, fed with tgtadm's answers recorded on this machine (recorded/tgt). */
class TgtTargetResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String LUN0 = "/tmp/jhb-iet-record/LUN0";
    private static final String LUN1 = "/tmp/jhb-iet-record/LUN1";
    private static final String TOKEN = "iSCSITarget::" + Targets.SEED_IQN + "::" + LUN0 + "," + LUN1
            + "::allow=10.78.0.3,10.78.0.0/24";
    private static final String TGT = "backend = tgt, tgt.control-port = 3261, ";
    private static final String CHAP = "incoming-user = jhbuser, incoming-password = jhbsecret123";
    private static final String[] TGTADM = {"tgtadm", "-C", "3261", "--lld", "iscsi"};

    private final FakeCommandRunner runner = new FakeCommandRunner();

    private FakeCommandRunner.Rule tgtadm(String... arguments) {
        List<String> argv = new ArrayList<>(List.of(TGTADM));
        argv.addAll(List.of(arguments));
        return runner.on(argv.toArray(String[]::new));
    }

    private FakeCommandRunner.Rule show() {
        return tgtadm("--op", "show", "--mode", "target");
    }

    private void backingFilesExist() {
        Recorded.answer(runner.on("stat", "-L", "-c", "%F", LUN0), "tgt/stat-file");
        Recorded.answer(runner.on("stat", "-L", "-c", "%F", LUN1), "tgt/stat-file");
    }

    private static String tgtadmLine(String arguments) {
        return String.join(" ", TGTADM) + " " + arguments;
    }

    @Test
    void startCreatesTargetLunsAccessAndAccountAndChecksTheResult() throws Exception {
        Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-empty"), "tgt/show-empty"),
                "tgt/show-two-luns-acl-chap");
        backingFilesExist();
        Recorded.answer(tgtadm("--op", "new", "--mode", "target"), "tgt/new-target");
        Recorded.answer(tgtadm("--op", "new", "--mode", "logicalunit"), "tgt/new-lun");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "target"), "tgt/bind-address");
        Recorded.answer(tgtadm("--op", "show", "--mode", "account"), "tgt/show-accounts-empty");
        Recorded.answer(tgtadm("--op", "new", "--mode", "account"), "tgt/new-account");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "account"), "tgt/bind-account");
        Resource agent = Targets.agent(TOKEN, TGT + CHAP, runner);

        OperationResult result = agent.start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(
                tgtadmLine("--op show --mode target"),
                "stat -L -c %F " + LUN0,
                "stat -L -c %F " + LUN1,
                tgtadmLine("--op show --mode target"),
                tgtadmLine("--op new --mode target --tid 1 --targetname " + Targets.SEED_IQN),
                tgtadmLine("--op new --mode logicalunit --tid 1 --lun 1 --backing-store " + LUN0),
                tgtadmLine("--op new --mode logicalunit --tid 1 --lun 2 --backing-store " + LUN1),
                tgtadmLine("--op bind --mode target --tid 1 --initiator-address 10.78.0.3"),
                tgtadmLine("--op bind --mode target --tid 1 --initiator-address 10.78.0.0/24"),
                tgtadmLine("--op show --mode account"),
                tgtadmLine("--op new --mode account --user jhbuser --password '****'"),
                tgtadmLine("--op bind --mode account --tid 1 --user jhbuser"),
                tgtadmLine("--op show --mode target"));
        assertThat(runner.calls()).as("tgtadm itself gets the password; only what is shown masks it")
                .anySatisfy(command -> assertThat(command.argv()).contains("jhbsecret123"));
    }

    @Test
    void aFailingAccountCommandIsReportedWithoutItsPassword() throws Exception {
        Recorded.answer(show(), "tgt/show-target-only");
        backingFilesExist();
        Recorded.answer(tgtadm("--op", "new", "--mode", "logicalunit"), "tgt/new-lun");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "target"), "tgt/bind-address");
        Recorded.answer(tgtadm("--op", "show", "--mode", "account"), "tgt/show-accounts-empty");
        Recorded.answer(tgtadm("--op", "new", "--mode", "account"), "tgt/new-account-exists");

        OperationResult result = Targets.agent(TOKEN, TGT + CHAP, runner).start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.failed(
                "tgtadm new account jhbuser failed (exit 22): tgtadm: this account already exists"));
        assertThat(result.reason()).doesNotContain("jhbsecret123");
    }

    @Test
    void startOnATargetAlreadyServedChangesNothing() throws Exception {
        Recorded.answer(show(), "tgt/show-two-luns-acl-chap");

        OperationResult result = Targets.agent(TOKEN, TGT + CHAP, runner).start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(tgtadmLine("--op show --mode target"));
    }

    @Test
    void startAddsOnlyTheMissingLun() throws Exception {
        Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-one-lun"), "tgt/show-one-lun"),
                "tgt/show-two-luns-acl-chap");
        backingFilesExist();
        Recorded.answer(tgtadm("--op", "new", "--mode", "logicalunit"), "tgt/new-lun");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "target"), "tgt/bind-address");
        Recorded.answer(tgtadm("--op", "show", "--mode", "account"), "tgt/show-accounts");
        Recorded.answer(tgtadm("--op", "delete", "--mode", "account"), "tgt/delete-account");
        Recorded.answer(tgtadm("--op", "new", "--mode", "account"), "tgt/new-account");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "account"), "tgt/bind-account");

        OperationResult result = Targets.agent(TOKEN, TGT + CHAP, runner).start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines())
                .contains(tgtadmLine("--op new --mode logicalunit --tid 1 --lun 2 --backing-store " + LUN1),
                        tgtadmLine("--op delete --mode account --user jhbuser"))
                .doesNotContain(tgtadmLine("--op new --mode logicalunit --tid 1 --lun 1 --backing-store " + LUN0))
                .noneMatch(line -> line.contains("--op new --mode target"));
    }

    @Test
    void startWithABackingFileMissingOnThisNodeIsNotInstalledAndCreatesNothing() throws Exception {
        Recorded.answer(show(), "tgt/show-empty");
        Recorded.answer(runner.on("stat", "-L", "-c", "%F", LUN0), "tgt/stat-missing");

        OperationResult result = Targets.agent(TOKEN, TGT, runner).start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(result.reason()).isEqualTo("LUN 0 (" + LUN0 + ", fileio): backing store " + LUN0
                + " does not exist on this node (is its filesystem mounted?)");
        assertThat(runner.commandLines()).noneMatch(line -> line.contains("--op new"));
    }

    @Test
    void blockioLunIsServedWithDirectIoAndANamedInitiatorIsBoundByName() throws Exception {
        String device = "/tmp/jhb-iet-record/blockdev";
        String initiator = "iqn.1993-08.org.debian:01:8b4e6c2a1f0d";
        Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-empty"), "tgt/show-empty"),
                "tgt/show-direct-named");
        Recorded.answer(runner.on("stat", "-L", "-c", "%F", device), "tgt/stat-blockdev");
        Recorded.answer(tgtadm("--op", "new", "--mode", "target"), "tgt/new-target");
        Recorded.answer(tgtadm("--op", "new", "--mode", "logicalunit"), "tgt/new-lun-direct");
        Recorded.answer(tgtadm("--op", "bind", "--mode", "target"), "tgt/bind-name");
        String token = "iSCSITarget::iqn.2026-11.test:blockio::blockio:" + device + "::allow=" + initiator;

        OperationResult result = Targets.agent(token, TGT, runner).start(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).contains(
                tgtadmLine("--op new --mode logicalunit --tid 1 --lun 1 --backing-store " + device + " --bsoflags direct"),
                tgtadmLine("--op bind --mode target --tid 1 --initiator-name " + initiator));
    }

    @Test
    void blockioOnAPlainFileIsMisconfigured() throws Exception {
        Recorded.answer(show(), "tgt/show-empty");
        Recorded.answer(runner.on("stat", "-L", "-c", "%F", LUN0), "tgt/stat-file");

        OperationResult result = Targets.agent("iSCSITarget::" + Targets.SEED_IQN + "::blockio:" + LUN0, TGT, runner)
                .start(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(result.reason()).contains("blockio needs a block device, " + LUN0 + " is a regular file");
    }

    @Test
    void stopTakesTheTargetOfflineClosesEveryConnectionAndDeletesIt() throws Exception {
        Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-with-session"), "tgt/show-with-session"),
                "tgt/show-empty-after-delete");
        Recorded.answer(tgtadm("--op", "update", "--mode", "target"), "tgt/update-offline");
        Recorded.answer(tgtadm("--op", "unbind", "--mode", "target"), "tgt/unbind-address");
        Recorded.answer(tgtadm("--op", "delete", "--mode", "conn"), "tgt/delete-connection");
        Recorded.answer(tgtadm("--op", "delete", "--force", "--mode", "target"), "tgt/delete-target-force");

        OperationResult result = Targets.agent(TOKEN, TGT, runner).stop(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(
                tgtadmLine("--op show --mode target"),
                tgtadmLine("--op show --mode target"),
                tgtadmLine("--op update --mode target --tid 1 --name state --value offline"),
                tgtadmLine("--op unbind --mode target --tid 1 --initiator-address 127.0.0.1"),
                tgtadmLine("--op delete --mode conn --tid 1 --sid 1 --cid 0"),
                tgtadmLine("--op delete --force --mode target --tid 1"),
                tgtadmLine("--op show --mode target"));
    }

    @Test
    void stopRetriesTheDeleteWhileCommandsAreStillInFlight() throws Exception {
        Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-offline-no-session"),
                "tgt/show-offline-no-session"), "tgt/show-empty-after-delete");
        Recorded.answer(tgtadm("--op", "update", "--mode", "target"), "tgt/update-offline");
        Recorded.answer(Recorded.answer(tgtadm("--op", "delete", "--force", "--mode", "target"),
                "tgt/delete-target-busy"), "tgt/delete-target-force");

        OperationResult result = Targets.agent(TOKEN, TGT, runner).stop(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).filteredOn(line -> line.contains("--op delete --force")).hasSize(2);
    }

    @Test
    void stopGivesUpWhenTheDeleteKeepsFailingAndSaysWhy() throws Exception {
        Recorded.answer(show(), "tgt/show-offline-no-session");
        Recorded.answer(tgtadm("--op", "update", "--mode", "target"), "tgt/update-offline");
        Recorded.answer(tgtadm("--op", "delete", "--force", "--mode", "target"), "tgt/delete-target-busy");

        OperationResult result = Targets.agent(TOKEN, TGT, runner).stop(Duration.ofMillis(400));

        assertThat(result.outcome()).isIn(Outcome.FAILED, Outcome.TIMED_OUT);
        assertThat(result.reason()).contains("this logical unit is still active");
    }

    @Test
    void stopOfAnAbsentTargetSucceedsWithoutChanges() throws Exception {
        Recorded.answer(show(), "tgt/show-empty");

        assertThat(Targets.agent(TOKEN, TGT, runner).stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(tgtadmLine("--op show --mode target"));
    }

    @Test
    void statusChecksTheTargetAndEveryLun() throws Exception {
        Recorded.answer(Recorded.answer(Recorded.answer(Recorded.answer(show(), "tgt/show-empty"),
                "tgt/show-two-luns-acl-chap"), "tgt/show-one-lun"), "tgt/show-offline-no-session");
        Resource agent = Targets.agent(TOKEN, TGT + CHAP, runner);

        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.notRunning(
                TOKEN + ": tgt does not serve " + Targets.SEED_IQN));
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.failed(TOKEN
                + ": LUN 1 (" + LUN1 + ", fileio) is not served; initiator 10.78.0.3 is not allowed;"
                + " initiator 10.78.0.0/24 is not allowed; CHAP user jhbuser is not bound"));
        assertThat(agent.status(TIMEOUT).reason()).startsWith(TOKEN + ": target is offline;");
        assertThat(runner.commandLines()).allMatch(line -> line.equals(tgtadmLine("--op show --mode target")));
    }

    @Test
    void statusWhenTgtdIsNotRunningFails() throws Exception {
        Recorded.answer(show(), "tgt/no-daemon");

        OperationResult result = Targets.agent(TOKEN, TGT, runner).status(TIMEOUT);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).contains("tgtd does not answer").contains("Transport endpoint is not connected");
    }

    @Test
    void autoPicksTgtWhenIetIsAbsentAndTgtdAnswers() throws Exception {
        Recorded.answer(runner.on("cat", IetBackend.VOLUMES), "host/cat-iet-volume-absent");
        Recorded.answer(runner.on("tgtadm", "--lld", "iscsi", "--op", "show", "--mode", "target"),
                "tgt/show-two-luns-acl-chap");

        Resource agent = Targets.agent(TOKEN, CHAP, runner);

        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly("cat " + IetBackend.VOLUMES,
                "tgtadm --lld iscsi --op show --mode target", "tgtadm --lld iscsi --op show --mode target",
                "tgtadm --lld iscsi --op show --mode target");
    }

    @Test
    void validateOnANodeWhoseTgtdIsNotRunningIsNotInstalled() throws Exception {
        Recorded.answer(show(), "tgt/no-daemon");

        assertThat(Targets.agent(TOKEN, TGT, runner).validate(TIMEOUT)).isEqualTo(OperationResult.notInstalled(
                TOKEN + ": tgt is not installed or not running on this node"));
    }

    @Test
    void stopWithNoTargetSoftwareRunningHasNothingToStop() throws Exception {
        noTargetSoftwareRunning();

        OperationResult result = Targets.agent(TOKEN, "", runner).stop(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly("cat " + IetBackend.VOLUMES,
                "tgtadm --lld iscsi --op show --mode target", "targetcli version");
    }

    @Test
    void autoWithNoTargetRunningIsNotInstalled() throws Exception {
        noTargetSoftwareRunning();

        OperationResult result = Targets.agent(TOKEN, "", runner).validate(TIMEOUT);

        assertThat(result).isEqualTo(OperationResult.notInstalled(
                "no iSCSI target is installed and running on this node (probed iet, tgt, lio)"));
    }

    /** IET absent, tgtd not running, targetcli not installed: no backend on this node. */
    private void noTargetSoftwareRunning() {
        Recorded.answer(runner.on("cat", IetBackend.VOLUMES), "host/cat-iet-volume-absent");
        Recorded.answer(runner.on("tgtadm"), "tgt/no-daemon");
        runner.on("targetcli").answerWith(command -> {
            throw new UncheckedIOException(new IOException("cannot run targetcli version: targetcli not found in PATH"));
        });
    }
}
