package org.jheartbeat.resources.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.OperationResult.Outcome;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.OperationTimer;
import org.jheartbeat.testsupport.RecordingFencer;
import org.jheartbeat.testsupport.host.FakeNetwork;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nfs-ganesha resource driving the real ganesha.nfsd 4.3 inside a network namespace (root only): the OCF
 * contract with the real daemon, and a start that fails for a reason only the daemon knows. Prints timings.
 */
class GaneshaDaemonTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final OperationTimer TIMER = new OperationTimer("nfs-ganesha");

    @TempDir
    Path work;

    private NetnsLab lab;
    private NetnsNode node;

    @BeforeEach
    void namespace() {
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        lab = NetnsLab.create();
        node = lab.addNode("nfs", "10.79.1.1/24");
    }

    @AfterEach
    void cleanUp() {
        if (lab != null) {
            // Kills every process in the namespace, Ganesha included, should a test have left one.
            lab.close();
        }
    }

    /** A resource with its own configuration, pid file, log and recovery directory under {@code work/name}. */
    private Resource ganesha(String name, String fsal) throws Exception {
        Path home = Files.createDirectories(work.resolve(name));
        Files.createDirectories(home.resolve("export"));
        Path config = Files.writeString(home.resolve("ganesha.conf"), """
                NFS_CORE_PARAM { Protocols = 4; NFS_Port = 2049; Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false; }
                NFSV4 { RecoveryBackend = fs; RecoveryRoot = %1$s/recovery; Grace_Period = 5; Lease_Lifetime = 5; }
                NFS_KRB5 { Active_krb5 = false; }
                EXPORT { Export_Id = 1; Path = %1$s/export; Pseudo = /export; Access_Type = RW; Protocols = 4;
                         Transports = TCP; FSAL { Name = %2$s; } }
                """.formatted(home, fsal));
        return NfsServerType.ganesha().create(ResourceSpec.parse("nfs-ganesha::" + config),
                new ResourceContext("nfs", lab.runnerIn(node), new LinuxHost(), new FakeNetwork(),
                        new RecordingFencer(), ConfigFactory.parseString(
                        "jheartbeat.resources.nfs.ganesha { pid-file = \"" + home.resolve("run/ganesha.pid")
                                + "\", log-file = \"" + home.resolve("log/ganesha.log") + "\","
                                + " require-shared-recovery = false }")
                        .withFallback(ConfigFactory.defaultReference()).getConfig("jheartbeat.resources")));
    }

    /**
     * The live ganesha.nfsd processes in the node's namespace. PID 1 here reaps orphans late, so an exited daemon
     * may linger as a zombie: /proc's state decides, not ProcessHandle.
     */
    private List<Long> ganeshasRunning() {
        CommandResult pids = new ProcessCommandRunner().run(Command.of(TIMEOUT, "ip", "netns", "pids", node.namespace()));
        LinuxHost proc = new LinuxHost();
        return Arrays.stream(pids.stdout().split("\\s+")).filter(pid -> pid.matches("[0-9]+")).map(Long::parseLong)
                .filter(pid -> proc.processName(pid).filter("ganesha.nfsd"::equals).isPresent()).toList();
    }

    private long pid(String name) throws Exception {
        return Long.parseLong(Files.readString(work.resolve(name).resolve("run/ganesha.pid")).strip());
    }


    @Test
    void startStatusAndStopKeepTheOcfContractWithTheRealDaemon() throws Exception {
        Resource agent = ganesha("one", "VFS");

        assertThat(TIMER.time("status, never started", () -> agent.status(TIMEOUT)).outcome())
                .isEqualTo(Outcome.NOT_RUNNING);
        assertThat(TIMER.time("start (launch, wait until it answers)", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        long pid = pid("one");
        assertThat(TIMER.time("status, running", () -> agent.status(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(TIMER.time("start, already running", () -> agent.start(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(ganeshasRunning()).as("daemons in the namespace").containsExactly(pid);

        assertThat(TIMER.time("stop (TERM, wait for exit)", () -> agent.stop(TIMEOUT)))
                .isEqualTo(OperationResult.success());
        assertThat(ganeshasRunning()).as("daemons in the namespace after stop").isEmpty();
        assertThat(TIMER.time("stop, already stopped", () -> agent.stop(TIMEOUT))).isEqualTo(OperationResult.success());
        assertThat(TIMER.time("status, stopped", () -> agent.status(TIMEOUT)).outcome()).isEqualTo(Outcome.NOT_RUNNING);
    }

    @Test
    void aSecondServerOnTheSamePortIsRefusedAndTheFirstKeepsServing() throws Exception {
        Resource first = ganesha("first", "VFS");
        Resource second = ganesha("second", "VFS");
        assertThat(first.start(TIMEOUT)).isEqualTo(OperationResult.success());

        OperationResult started = TIMER.time("start, port 2049 served by another", () -> second.start(TIMEOUT));

        assertThat(started.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(started.reason()).startsWith("another server already answers NFS on 127.0.0.1:2049");
        assertThat(second.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
        assertThat(first.status(TIMEOUT)).as("the server that holds the port").isEqualTo(OperationResult.success());
        assertThat(first.stop(TIMEOUT)).isEqualTo(OperationResult.success());
    }

    /** Ganesha keeps running without an export it could not set up; the resource must not call that a start. */
    @Test
    void anExportGaneshaRejectsMakesTheStartMisconfiguredAndLeavesNoDaemon() throws Exception {
        Resource agent = ganesha("badfsal", "NOSUCHFSAL");

        OperationResult started = TIMER.time("start, unknown FSAL in the export", () -> agent.start(TIMEOUT));

        assertThat(started.outcome()).isEqualTo(Outcome.MISCONFIGURED);
        assertThat(started.reason()).contains("(stopped it)", "Errors processing block (EXPORT)");
        assertThat(ganeshasRunning()).as("daemons in the namespace after the failed start").isEmpty();
        assertThat(agent.status(TIMEOUT).outcome()).isEqualTo(Outcome.NOT_RUNNING);
    }
}
