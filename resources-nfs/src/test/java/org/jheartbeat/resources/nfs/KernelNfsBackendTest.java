package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
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
 * The kernel backend against a scripted runner fed with recorded tool output: rpcinfo, exportfs, sm-notify and
 * Debian's nfs-kernel-server init script as they answered on this machine (no kernel nfsd here: the init
 * script's own "no support in current kernel" is one of the recordings), systemctl as systemd 252 prints.
 */
class KernelNfsBackendTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PROBE = "rpcinfo -a 127.0.0.1.8.1 -T tcp nfs";

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeHost host = new FakeHost().file("/usr/sbin/exportfs", "").file("/usr/sbin/rpc.nfsd", "")
            .file("/etc/init.d/nfs-kernel-server", "").mountTools(runner);

    private Resource agent(String token, String settings) throws InvalidResourceException {
        return NfsServerType.kernel().create(ResourceSpec.parse(token), new ResourceContext("node1", runner, host, new FakeNetwork(),
                new RecordingFencer(), ConfigFactory.parseString(settings)
                .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources")));
    }

    private Resource agent(String token) throws InvalidResourceException {
        return agent(token, "");
    }

    private void probeAnswers(String... recordings) {
        FakeCommandRunner.Rule rule = runner.on("rpcinfo");
        for (String recording : recordings) {
            Recorded.answer(rule, "tools/" + recording);
        }
    }

    /** The seed: /var/lib/nfs -> /data/nfs made by hand, no systemd, nfs-kernel-server named bare. */
    @Test
    void seedSymlinkLayoutIsKeptAndTheInitScriptStartsTheServer() throws Exception {
        host.symlink("/var/lib/nfs", "/data/nfs").directory("/data/nfs", "/data/nfs/sm", "/data/nfs/sm.bak");
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-refused", "rpcinfo-nfs-answers");
        runner.on("/etc/init.d/nfs-common", "restart").answer(0, "Starting NFS common utilities: statd idmapd.\n");
        runner.on("/etc/init.d/nfs-kernel-server", "start").answer(0, "Exporting directories for NFS kernel daemon....\n"
                + "Starting NFS kernel daemon: nfsd mountd.\n");
        Recorded.answer(runner.on("exportfs", "-ra"), "tools/exportfs-ra-good");
        Recorded.answer(runner.on("sm-notify"), "tools/sm-notify");

        OperationResult started = agent("nfs-kernel-server").start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(PROBE, "/etc/init.d/nfs-common restart",
                "/etc/init.d/nfs-kernel-server start", "exportfs -ra", PROBE, PROBE, "sm-notify -f");
    }

    @Test
    void aSeedSymlinkIntoAnUnmountedFilesystemStopsTheStartBeforeAnyServiceRuns() throws Exception {
        host.symlink("/var/lib/nfs", "/data/nfs");
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent("nfs-kernel-server").start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.failed(
                "/var/lib/nfs is a symlink to /data/nfs, which does not exist: is the shared filesystem mounted?"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void aSharedDirectoryIsBindMountedOntoThePlainStateDirectoryUnderSystemd() throws Exception {
        host.directory("/run/systemd/system", "/var/lib/nfs", "/mnt", "/mnt/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"));
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers");
        runner.on("systemctl").answer(0, "");
        Recorded.answer(runner.on("exportfs", "-ra"), "tools/exportfs-ra-good");
        Recorded.answer(runner.on("sm-notify"), "tools/sm-notify");

        OperationResult started = agent("nfs-kernel-server::/mnt/nfs::10.78.0.100").start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).containsExactly(PROBE, "mount --bind /mnt/nfs /var/lib/nfs",
                "systemctl restart rpc-statd.service", "systemctl start nfs-server.service", "exportfs -ra", PROBE,
                "sm-notify -f -v 10.78.0.100");
        assertThat(host.kind(Path.of("/mnt/nfs/sm"))).as("statd's monitor list created on first use")
                .isEqualTo(PathKind.DIRECTORY);
        assertThat(host.kind(Path.of("/mnt/nfs/sm.bak"))).isEqualTo(PathKind.DIRECTORY);
        assertThat(host.sameFile(Path.of("/var/lib/nfs"), Path.of("/mnt/nfs"))).isTrue();
    }

    @Test
    void rpcPipefsIsMovedOntoTheBoundDirectory() throws Exception {
        host.directory("/var/lib/nfs", "/var/lib/nfs/rpc_pipefs", "/mnt", "/mnt/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt")
                        + "40 103 0:41 / /var/lib/nfs/rpc_pipefs rw,relatime shared:22 - rpc_pipefs sunrpc rw\n");
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers");
        runner.on("/etc/init.d/nfs-common", "restart").answer(0, "");
        runner.on("/etc/init.d/nfs-kernel-server", "start").answer(0, "");
        Recorded.answer(runner.on("exportfs", "-ra"), "tools/exportfs-ra-good");
        Recorded.answer(runner.on("sm-notify"), "tools/sm-notify");

        assertThat(agent("nfs-kernel-server::/mnt/nfs").start(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(runner.commandLines()).containsSubsequence("umount /var/lib/nfs/rpc_pipefs",
                "mount --bind /mnt/nfs /var/lib/nfs", "mount -t rpc_pipefs sunrpc /var/lib/nfs/rpc_pipefs",
                "/etc/init.d/nfs-kernel-server start");
        assertThat(host.mounts().visibleAt("/var/lib/nfs/rpc_pipefs").orElseThrow().fsType()).isEqualTo("rpc_pipefs");
        assertThat(host.kind(Path.of("/mnt/nfs/rpc_pipefs"))).as("made on the bound directory")
                .isEqualTo(PathKind.DIRECTORY);
    }

    @Test
    void anInitScriptThatStartsNothingIsAFailedStartOnceTheTimeoutRunsOut() throws Exception {
        host.directory("/var/lib/nfs");
        probeAnswers("rpcinfo-nfs-refused");
        runner.on("/etc/init.d/nfs-common").answer(0, "");
        Recorded.answer(runner.on("/etc/init.d/nfs-kernel-server", "start"), "tools/initscript-start-no-kernel-nfsd");
        Recorded.answer(runner.on("exportfs", "-ra"), "tools/exportfs-ra-empty");

        OperationResult started = agent("nfs-kernel-server").start(Duration.ofMillis(400));

        assertThat(started.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(started.reason()).contains("Not starting NFS kernel daemon: no support in current kernel",
                "Connection refused");
        assertThat(runner.commandLines()).doesNotContain("sm-notify -f");
    }

    @Test
    void aSharedDirectoryOnTheRootFilesystemIsRefused() throws Exception {
        host.directory("/var/lib/nfs", "/srv", "/srv/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"));
        probeAnswers("rpcinfo-nfs-refused");

        OperationResult started = agent("nfs-kernel-server::/srv/nfs").start(TIMEOUT);

        assertThat(started).isEqualTo(OperationResult.failed("shared state directory /srv/nfs lies on the root"
                + " filesystem, not on shared storage: is the shared filesystem mounted?"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void aStateSymlinkToAnotherDirectoryIsAConfigurationError() throws Exception {
        host.symlink("/var/lib/nfs", "/srv/nfs").directory("/srv/nfs", "/mnt", "/mnt/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"));
        probeAnswers("rpcinfo-nfs-refused");
        Resource agent = agent("nfs-kernel-server::/mnt/nfs");

        assertThat(agent.start(TIMEOUT).outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.misconfigured(
                "/var/lib/nfs is not the shared state directory /mnt/nfs"));
    }

    @Test
    void stopUnexportsStopsTheServerAndStatdThenReleasesTheBindMount() throws Exception {
        host.directory("/var/lib/nfs", "/mnt/nfs").mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"))
                .bindMount("/mnt/nfs", "/var/lib/nfs");
        Recorded.answer(runner.on("exportfs", "-ua"), "tools/exportfs-ua");
        Recorded.answer(runner.on("/etc/init.d/nfs-kernel-server", "stop"), "tools/initscript-stop-no-kernel-nfsd");
        // rpc.nfsd 0 is silent when it stops the threads (as the real-kernel tier saw: threads=0 afterwards).
        runner.on("rpc.nfsd", "0").answer(0, "");
        probeAnswers("rpcinfo-nfs-refused");
        runner.on("/etc/init.d/nfs-common", "stop").answer(0, "Stopping NFS common utilities: idmapd statd.\n");

        assertThat(agent("nfs-kernel-server::/mnt/nfs").stop(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(runner.commandLines()).containsExactly("exportfs -ua", "/etc/init.d/nfs-kernel-server stop",
                "rpc.nfsd 0", PROBE, "/etc/init.d/nfs-common stop", "umount /var/lib/nfs");
        assertThat(host.mounts().visibleAt("/var/lib/nfs")).isEmpty();
    }

    @Test
    void aServerAlreadyRunningOnLocalStateIsNotBoundUnder() throws Exception {
        host.directory("/var/lib/nfs", "/mnt", "/mnt/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"));
        probeAnswers("rpcinfo-nfs-answers");

        assertThat(agent("nfs-kernel-server::/mnt/nfs").start(TIMEOUT)).isEqualTo(OperationResult.failed(
                "the NFS server already runs, but /var/lib/nfs is not the shared state directory /mnt/nfs: stop it first"));
        assertThat(runner.commandLines()).containsExactly(PROBE);
    }

    @Test
    void aServerThatStillAnswersAfterItsStopFailsTheStop() throws Exception {
        host.symlink("/var/lib/nfs", "/data/nfs").directory("/data/nfs");
        Recorded.answer(runner.on("exportfs", "-ua"), "tools/exportfs-ua");
        runner.on("/etc/init.d/nfs-kernel-server", "stop").answer(0, "");
        runner.on("rpc.nfsd", "0").answer(1, "", "rpc.nfsd: Unable to access /proc/fs/nfsd errno 2 (No such file or directory).\n");
        probeAnswers("rpcinfo-nfs-answers");

        OperationResult stopped = agent("nfs-kernel-server").stop(TIMEOUT);

        assertThat(stopped).isEqualTo(OperationResult.failed(
                "the NFS server still answers on 127.0.0.1:2049 after it was stopped"));
    }

    @Test
    void configuredExportsAreMadeAndRemovedOneByOneAndAFailedUnexportDoesNotStopTheStop() throws Exception {
        String exports = "jheartbeat.resources.nfs.kernel.exports = ["
                + "{ directory = /srv/export, client = \"10.78.0.2\", options = \"rw,sync,no_subtree_check\" },"
                + "{ directory = /srv/export, client = \"10.78.0.9\", options = ro }]";
        host.symlink("/var/lib/nfs", "/data/nfs").directory("/data/nfs");
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers", "rpcinfo-nfs-refused");
        runner.on("/etc/init.d/nfs-common").answer(0, "");
        runner.on("/etc/init.d/nfs-kernel-server").answer(0, "");
        runner.on("rpc.nfsd", "0").answer(0, "");
        Recorded.answer(runner.on("exportfs", "-o"), "tools/exportfs-o-client");
        Recorded.answer(runner.on("exportfs", "-u", "10.78.0.2:/srv/export"), "tools/exportfs-u-client");
        Recorded.answer(runner.on("exportfs", "-u", "10.78.0.9:/srv/export"), "tools/exportfs-u-unknown");
        Recorded.answer(runner.on("sm-notify"), "tools/sm-notify");
        Resource agent = agent("nfs-kernel-server", exports);

        assertThat(agent.start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(agent.stop(TIMEOUT)).isEqualTo(OperationResult.success());

        assertThat(runner.commandLines()).contains("exportfs -o rw,sync,no_subtree_check 10.78.0.2:/srv/export",
                "exportfs -o ro 10.78.0.9:/srv/export", "exportfs -u 10.78.0.2:/srv/export",
                "exportfs -u 10.78.0.9:/srv/export").doesNotContain("exportfs -ra", "exportfs -ua");
    }

    @Test
    void aFailedNotificationIsLoggedButTheServerIsUp() throws Exception {
        host.symlink("/var/lib/nfs", "/data/nfs").directory("/data/nfs");
        probeAnswers("rpcinfo-nfs-refused", "rpcinfo-nfs-answers");
        runner.on("/etc/init.d/nfs-common").answer(0, "");
        runner.on("/etc/init.d/nfs-kernel-server").answer(0, "");
        Recorded.answer(runner.on("exportfs", "-ra"), "tools/exportfs-ra-good");
        Recorded.answer(runner.on("sm-notify"), "tools/sm-notify-unusable-name");

        assertThat(agent("nfs-kernel-server::/data/nfs::10.78.0.100").start(TIMEOUT)).isEqualTo(OperationResult.success());
        assertThat(runner.commandLines()).endsWith("sm-notify -f -v 10.78.0.100");
    }

    @Test
    void statusTellsRunningStoppedAndHalfStopped() throws Exception {
        host.directory("/var/lib/nfs", "/mnt", "/mnt/nfs")
                .mountInfo(Recorded.text("host/mountinfo-shared-mounted.txt"));
        Resource agent = agent("nfs-kernel-server::/mnt/nfs");

        probeAnswers("rpcinfo-nfs-refused");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.notRunning(
                "the NFS server does not answer on 127.0.0.1:2049"));

        probeAnswers("rpcinfo-nfs-answers");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.failed(
                "the NFS server answers but /var/lib/nfs is not the shared state directory /mnt/nfs"));

        host.bindMount("/mnt/nfs", "/var/lib/nfs");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.success());

        probeAnswers("rpcinfo-nfs-refused");
        assertThat(agent.status(TIMEOUT)).isEqualTo(OperationResult.failed("the NFS server does not answer on"
                + " 127.0.0.1:2049 but the shared state directory is still bound onto /var/lib/nfs"));
    }

    @Test
    void validateNamesAMissingTool() throws Exception {
        FakeHost bare = new FakeHost();
        Resource agent = NfsServerType.kernel().create(ResourceSpec.parse("nfs-kernel-server"),
                new ResourceContext("node1", runner, bare, new FakeNetwork(), new RecordingFencer(),
                        ConfigFactory.defaultReference().getConfig("jheartbeat.resources")));

        assertThat(agent.validate(TIMEOUT)).isEqualTo(OperationResult.notInstalled(
                "/usr/sbin/exportfs is missing: install nfs-kernel-server"));
        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void preflightNamesWhatTheServerNeedsAndThisNodeLacksWithoutRunningAnything() throws Exception {
        assertThat(agent("nfs-kernel-server").preflight()).containsExactly(
                "/etc/init.d/nfs-common is not installed here (package nfs-common): starting fails without it",
                "/usr/sbin/rpcinfo is not installed here (package rpcbind): start, stop and status ask the server"
                        + " with it and fail without it",
                "/usr/sbin/sm-notify is not installed here (package nfs-common): clients are not told to reclaim"
                        + " their locks after a start here",
                "no exports in jheartbeat.resources.nfs.kernel.exports and no /etc/exports here: the server has"
                        + " nothing to serve");

        host.file("/etc/init.d/nfs-common", "").file("/usr/sbin/rpcinfo", "").file("/usr/sbin/sm-notify", "")
                .file("/etc/exports", "").file("/srv/file", "").directory("/srv/dir");
        assertThat(agent("nfs-kernel-server").preflight()).isEmpty();
        assertThat(agent("nfs-kernel-server", "jheartbeat.resources.nfs.kernel.exports = ["
                + "{ directory = /srv/file, client = \"*\", options = rw },"
                + "{ directory = /srv/dir, client = \"*\", options = rw },"
                + "{ directory = /data/export, client = \"*\", options = rw }]").preflight())
                .as("a directory that is not there yet comes with the shared filesystem").containsExactly(
                        "export directory /srv/file is not a directory on this node: exporting it fails");

        Resource bare = NfsServerType.kernel().create(ResourceSpec.parse("nfs-kernel-server"),
                new ResourceContext("node1", runner, new FakeHost().directory("/run/systemd/system"), new FakeNetwork(),
                        new RecordingFencer(), ConfigFactory.parseString("jheartbeat.resources.nfs.kernel.notify = off")
                        .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources")));
        assertThat(bare.preflight()).as("under systemd no init script is needed").containsExactly(
                "/usr/sbin/exportfs is not installed here (package nfs-kernel-server): starting fails without it",
                "/usr/sbin/rpc.nfsd is not installed here (package nfs-kernel-server): starting fails without it",
                "/usr/sbin/rpcinfo is not installed here (package rpcbind): start, stop and status ask the server"
                        + " with it and fail without it",
                "no exports in jheartbeat.resources.nfs.kernel.exports and no /etc/exports here: the server has"
                        + " nothing to serve");
        assertThat(runner.commandLines()).isEmpty();
    }

    @Test
    void badArgumentsAndSettingsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> agent("nfs-kernel-server::/data/nfs::name::extra"))
                .hasMessage("nfs-kernel-server::/data/nfs::name::extra: expected nfs-kernel-server"
                        + "[::SHARED_STATE_DIRECTORY[::NOTIFY_NAME]], got 3 arguments");
        assertThatThrownBy(() -> agent("nfs-kernel-server::data/nfs"))
                .hasMessageStartingWith("nfs-kernel-server::data/nfs: shared state directory (argument 1) must be"
                        + " an absolute path");
        assertThatThrownBy(() -> agent("nfs-kernel-server::/data/nfs::bad name"))
                .hasMessage("nfs-kernel-server::/data/nfs::bad name: notify name must be a host name or IP address,"
                        + " got 'bad name'");
        assertThatThrownBy(() -> agent("nfs-kernel-server::/var/lib/nfs/shared"))
                .hasMessageContaining("lies inside the state directory /var/lib/nfs");
        assertThatThrownBy(() -> agent("nfs-kernel-server", "jheartbeat.resources.nfs.kernel.service-manager = upstart"))
                .hasMessage("nfs-kernel-server: setting jheartbeat.resources.nfs.kernel.service-manager: expected"
                        + " auto, systemd or init-script, got 'upstart'");
        assertThatThrownBy(() -> agent("nfs-kernel-server",
                "jheartbeat.resources.nfs.kernel.exports = [{ directory = srv, client = x, options = rw }]"))
                .hasMessage("nfs-kernel-server: setting jheartbeat.resources.nfs.kernel.exports: [0]: directory must be"
                        + " an absolute path, got 'srv'");
        assertThatThrownBy(() -> agent("nfs-kernel-server", "jheartbeat.resources.nfs.kernel.probe-address = nfs.example"))
                .hasMessageContaining("probe-address: probe address must be a numeric IP address, got 'nfs.example'");
    }
}
