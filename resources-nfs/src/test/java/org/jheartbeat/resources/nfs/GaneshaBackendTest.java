package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.Host.PathKind;
import org.jheartbeat.testsupport.FakeCommandRunner;
import org.jheartbeat.testsupport.Recorded;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeHost;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.junit.jupiter.api.Test;

/**
 * The Ganesha backend against a scripted runner (rpcinfo output recorded against ganesha.nfsd 4.3) and an
 * in-memory node whose launcher writes the pid file as the real daemon does. The real daemon is driven in
 * {@link GaneshaFailoverTest}.
 */
class GaneshaBackendTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CONFIG = "/etc/ganesha/test.conf";
    private static final String PID_FILE = "/run/ganesha/test.pid";
    private static final String LOG_FILE = "/var/log/ganesha/test.log";
    private static final String LAUNCH = "/usr/bin/ganesha.nfsd -f " + CONFIG + " -p " + PID_FILE + " -L " + LOG_FILE
            + " -N NIV_EVENT";
    private static final String PROBE = "rpcinfo -a 127.0.0.1.8.1 -T tcp nfs";
    private static final String SHARED_SETUP = """
            NFSV4 { RecoveryBackend = fs; RecoveryRoot = /mnt/ganesha; Grace_Period = 10; }
            EXPORT { Export_Id = 1; Path = /mnt/export; Pseudo = /export; FSAL { Name = VFS; } }
            """;

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeHost host = new FakeHost().file("/usr/bin/ganesha.nfsd", "").directory("/mnt/export")
            .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt")).file(CONFIG, SHARED_SETUP);

    private Resource agent() throws InvalidResourceException {
        return agent("nfs-ganesha::" + CONFIG);
    }

    private Resource agent(String token) throws InvalidResourceException {
        return NfsServerType.ganesha().create(ResourceSpec.parse(token), new ResourceContext("node1", runner, host, new FakeNetwork(),
                new RecordingFencer(), ConfigFactory.parseString("jheartbeat.resources.nfs.ganesha {"
                        + " pid-file = \"" + PID_FILE + "\", log-file = \"" + LOG_FILE + "\" }")
                .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources")));
    }

    /** The launcher exits 0 at once; the daemon it leaves writes its pid file (and may then die). */
    private void launcherStartsDaemon(long pid, boolean survives) {
        runner.on("/usr/bin/ganesha.nfsd").answerWith(command -> {
            host.file(PID_FILE, pid + "\n");
            if (survives) {
                host.process(pid, "ganesha.nfsd", "/");
            }
            return new CommandResult(command, 0, "", "", Duration.ofMillis(3), false, false);
        });
    }

    private void probeAnswers(String... recordings) {
        FakeCommandRunner.Rule rule = runner.on("rpcinfo");
        for (String recording : recordings) {
            Recorded.answer(rule, "tools/" + recording);
        }
    }

    @Test
    void startLaunchesTheDaemonWithItsOwnFilesAndWaitsUntilItAnswers() throws Exception {
        host.file(PID_FILE, "17\n");
        launcherStartsDaemon(4242, true);
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-refused", "rpcinfo-nfs-answers");

        assertThat(agent().start(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(runner.commandLines()).containsExactly(PROBE, LAUNCH, PROBE, PROBE);
        assertThat(host.kind(Path.of("/run/ganesha"))).as("pid file directory made without systemd")
                .isEqualTo(PathKind.DIRECTORY);
        assertThat(host.kind(Path.of("/mnt/ganesha"))).as("RecoveryRoot created on the shared filesystem")
                .isEqualTo(PathKind.DIRECTORY);
    }

    @Test
    void aDaemonThatDiesDuringStartupFailsTheStartWithWhatItLogged() throws Exception {
        host.file(LOG_FILE, Recorded.text("ganesha-regular-run.log") + Recorded.text("ganesha-missing-config.log"));
        launcherStartsDaemon(28549, false);
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent().start(TIMEOUT);

        assertThat(started.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(started.reason()).startsWith("ganesha.nfsd exited during startup; " + LOG_FILE + " says: ")
                .contains("Error (token scan) while parsing (/tmp/i10exp/nonexist.conf)",
                        "open error (No such file or directory)")
                .as("earlier runs' lines are left out").doesNotContain("DBUS");
        assertThat(runner.commandLines()).containsExactly(PROBE, LAUNCH);
    }

    @Test
    void aDaemonThatExitsBeforeWritingItsPidFileFailsTheStartAtOnce() throws Exception {
        // Started by path, as the agent starts it; the earlier run's pid is still in the file, not running.
        String earlier = Recorded.text("ganesha-by-path-regular-run.log");
        host.file(LOG_FILE, earlier).file(PID_FILE, "29623\n");
        runner.on("/usr/bin/ganesha.nfsd").answerWith(command -> {
            host.file(LOG_FILE, earlier + Recorded.text("ganesha-by-path-already-started.log"));
            return new CommandResult(command, 0, "", "", Duration.ofMillis(3), false, false);
        });
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent().start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.failed("ganesha.nfsd exited during startup; " + LOG_FILE
                + " says: main :MAIN :FATAL :fcntl(3) failed, Ganesha already started"));
        assertThat(runner.commandLines()).containsExactly(PROBE, LAUNCH);
    }

    @Test
    void configurationErrorsOfAnEarlierRunAreNotHeldAgainstTheNextStart() throws Exception {
        host.file(LOG_FILE, Recorded.text("ganesha-by-path-unknown-fsal.log")
                + Recorded.text("ganesha-by-path-regular-run.log"));
        launcherStartsDaemon(29623, true);
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers");

        assertThat(agent().start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(host.signals()).isEmpty();
    }

    @Test
    void aDaemonThatNeverAnswersTimesOut() throws Exception {
        launcherStartsDaemon(4242, true);
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent().start(Duration.ofMillis(300));

        assertThat(started.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(started.reason()).startsWith("ganesha.nfsd did not answer within the start timeout: rpcinfo -a"
                + " 127.0.0.1.8.1 -T tcp nfs exited 1: rpcinfo: RPC: Remote system error - Connection refused");
    }

    @Test
    void aDaemonThatRejectedPartOfItsConfigurationIsStoppedAndTheStartMisconfigured() throws Exception {
        host.file(LOG_FILE, Recorded.text("ganesha-unknown-fsal.log"));
        launcherStartsDaemon(25907, true);
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers");

        OperationResult started = agent().start(TIMEOUT);

        assertThat(started.outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(started.reason()).startsWith("ganesha.nfsd rejected parts of " + CONFIG + " (stopped it): ")
                .contains("Errors processing block (FSAL)", "Errors processing block (EXPORT)");
        assertThat(host.signals()).containsExactly("TERM 25907");
    }

    @Test
    void anotherServerOnThePortIsNotTakenForOurs() throws Exception {
        probeAnswers("rpcinfo-nfs-answers");

        assertThat(agent().start(TIMEOUT)).isEqualTo(OperationResult.failed("another server already answers NFS on"
                + " 127.0.0.1:2049 while no ganesha.nfsd runs with pid file " + PID_FILE + ": stop it first"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void aRecoveryRootOnTheRootFilesystemIsRefusedBeforeLaunching() throws Exception {
        host.file(CONFIG, SHARED_SETUP.replace("/mnt/ganesha", "/var/lib/nfs/ganesha"));
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent().start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.failed("Ganesha's RecoveryRoot /var/lib/nfs/ganesha lies on"
                + " the root filesystem, not on shared storage: is the shared filesystem mounted?"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void aMissingExportDirectoryIsRefusedBeforeLaunching() throws Exception {
        host.file(CONFIG, SHARED_SETUP.replace("/mnt/export", "/mnt/gone"));
        probeAnswers("rpcinfo-nfs-refused");

        assertThat(agent().start(TIMEOUT)).isEqualTo(OperationResult.failed(
                "EXPORT 1 Path /mnt/gone does not exist: is the shared filesystem mounted?"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void startOnARunningServerDoesNothing() throws Exception {
        host.file(PID_FILE, "4242\n").process(4242, "ganesha.nfsd", "/");
        probeAnswers("rpcinfo-nfs-answers");

        assertThat(agent().start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void stopSendsTermAndKillsOnlyADaemonThatIgnoresIt() throws Exception {
        host.file(PID_FILE, "4242\n").process(4242, "ganesha.nfsd", "/");
        assertThat(agent().stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(host.signals()).containsExactly("TERM 4242");

        host.process(4243, "ganesha.nfsd", "/").ignoresTerm(4243).file(PID_FILE, "4243\n");
        assertThat(agent().stop(Duration.ofMillis(200))).isEqualTo(OperationResult.success());
        assertThat(host.signals()).containsExactly("TERM 4242", "TERM 4243", "KILL 4243");

        assertThat(agent().stop(TIMEOUT)).as("stop when stopped").isEqualTo(OperationResult.success());
        assertThat(host.signals()).hasSize(3);
    }

    @Test
    void statusNeverSignalsAProcessThatMerelyInheritedAStalePid() throws Exception {
        Resource agent = agent();
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.notRunning(
                "no ganesha.nfsd runs with pid file " + PID_FILE));

        host.file(PID_FILE, "4242\n").process(4242, "bash", "/");
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(host.signals()).isEmpty();

        host.process(4242, "ganesha.nfsd", "/");
        probeAnswers("rpcinfo-nfs-answers");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());
        probeAnswers("rpcinfo-nfs-refused");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.failed("ganesha.nfsd pid 4242 runs but does not"
                + " answer: rpcinfo -a 127.0.0.1.8.1 -T tcp nfs exited 1: rpcinfo: RPC: Remote system error -"
                + " Connection refused"));
    }

    @Test
    void preflightNamesAMissingDaemonRpcinfoConfigurationAndAnExportPathThatIsNoDirectory() throws Exception {
        host.file("/usr/sbin/rpcinfo", "");
        assertThat(agent().preflight()).isEmpty();

        host.file("/mnt/file", "").file(CONFIG, SHARED_SETUP
                + "EXPORT { Export_Id = 2; Path = /mnt/file; Pseudo = /file; FSAL { Name = VFS; } }\n"
                + "EXPORT { Export_Id = 3; Path = /mnt/later; Pseudo = /later; FSAL { Name = VFS; } }\n");
        assertThat(agent().preflight()).as("a Path not there yet comes with the shared filesystem").containsExactly(
                CONFIG + ": EXPORT 2 Path /mnt/file is not a directory on this node: Ganesha cannot export it");

        Resource bare = NfsServerType.ganesha().create(ResourceSpec.parse("nfs-ganesha"),
                new ResourceContext("node1", runner, new FakeHost(), new FakeNetwork(), new RecordingFencer(),
                        ConfigFactory.defaultReference().getConfig("jheartbeat.resources")));
        assertThat(bare.preflight()).containsExactly(
                "/usr/bin/ganesha.nfsd is not installed here (packages nfs-ganesha and nfs-ganesha-vfs): starting"
                        + " fails without it",
                "/usr/sbin/rpcinfo is not installed here (package rpcbind): start, stop and status ask the server"
                        + " with it and fail without it",
                "Ganesha configuration /etc/ganesha/ganesha.conf does not exist on this node: starting fails");
        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void validateNamesAMissingDaemonMissingConfigurationAndBadConfiguration() throws Exception {
        assertThat(agent().validate(TIMEOUT)).isEqualTo(OperationResult.success());

        host.file(CONFIG, "NFSV4 { RecoveryBackend = rados_kv; }\nEXPORT { Export_Id = 1; Path = /mnt/export; }");
        assertThat(agent().validate(TIMEOUT).outcome()).isEqualTo(Outcome.MISCONFIGURED);

        assertThat(agent("nfs-ganesha::/etc/ganesha/none.conf").validate(TIMEOUT)).isEqualTo(
                OperationResult.notInstalled("Ganesha configuration /etc/ganesha/none.conf does not exist on this node"));

        FakeHost bare = new FakeHost();
        Resource agent = NfsServerType.ganesha().create(ResourceSpec.parse("nfs-ganesha"),
                new ResourceContext("node1", runner, bare, new FakeNetwork(), new RecordingFencer(),
                        ConfigFactory.defaultReference().getConfig("jheartbeat.resources")));
        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.notInstalled(
                "/usr/bin/ganesha.nfsd is missing: install nfs-ganesha and nfs-ganesha-vfs"));
        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void badArgumentsAndSettingsAreRefused() {
        assertThatThrownBy(() -> agent("nfs-ganesha::/etc/a.conf::/etc/b.conf"))
                .hasMessage("nfs-ganesha::/etc/a.conf::/etc/b.conf: expected nfs-ganesha[::CONFIG_FILE], got 2 arguments");
        assertThatThrownBy(() -> agent("nfs-ganesha::ganesha.conf"))
                .hasMessageStartingWith("nfs-ganesha::ganesha.conf: configuration file (argument 1) must be an"
                        + " absolute path");
        assertThatThrownBy(() -> NfsServerType.ganesha().create(ResourceSpec.parse("nfs-ganesha"),
                new ResourceContext("node1", runner, host, new FakeNetwork(),
                new RecordingFencer(), ConfigFactory.parseString(
                        "jheartbeat.resources.nfs.ganesha.log-level = verbose")
                        .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources"))))
                .hasMessage("nfs-ganesha: setting jheartbeat.resources.nfs.ganesha.log-level: expected a Ganesha"
                        + " level such as NIV_EVENT, got 'verbose'");
    }
}
