package org.jheartbeat.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Clock;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jheartbeat.agent.cli.RelayedCommands;
import org.jheartbeat.agent.config.ClusterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what, through the kernel's peer credentials: the real hbctl and cl_status run as root and as user
 * nobody (setpriv) against a real server. Every local user may query, as heartbeat's API answers any local user;
 * only root may change the cluster (invariant 7). Needs root (to change user) and util-linux's setpriv.
 */
class ControlSocketPermissionsTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
            "--clear-groups");
    @TempDir
    Path dir;
    private ControlServer server;
    private FixedAgent agent;
    private Path socket;
    private String classPath;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root to change user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ClusterConfig config = ClusterStates.reference(dir);
        agent = new FixedAgent(config, ClusterStates.referenceRunning(config));
        socket = dir.resolve("run/control.sock");
        server = ControlServer.open(socket, new RequestHandler(agent, new RelayedCommands(Clock.systemUTC())));
        classPath = readableClassPath();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rootQueriesAndChanges() throws Exception {
        Result status = hbctl(List.of(), "status");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Online: [ master slave ]");
        Result standby = hbctl(List.of(), "standby", "local");
        assertThat(standby.exit()).as(standby.toString()).isZero();
        Result standbyOfSlave = hbctl(List.of(), "standby", "slave");
        assertThat(standbyOfSlave.exit()).as(standbyOfSlave.toString()).isZero();
        Result takeoverForSlave = hbctl(List.of(), "takeover", "slave", "foreign");
        assertThat(takeoverForSlave.exit()).as(takeoverForSlave.toString()).isZero();
        assertThat(agent.requests).containsExactly("standby local", "standby all for slave",
                "takeover foreign for slave");
    }

    @Test
    void configReloadPrintsWhatChangedOrTheErrorsWithTheirExitCodes() throws Exception {
        agent.reloads(new AgentOperations.ReloadReply(true, List.of("group IPaddr::10.0.0.9 added (preferred node "
                + "master): placed as the cluster decides")));
        Result applied = hbctl(List.of(), "config", "reload");
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.out()).isEqualTo("group IPaddr::10.0.0.9 added (preferred node master): placed as the "
                + "cluster decides\n");
        agent.reloads(new AgentOperations.ReloadReply(false, List.of("/etc/ha.d/haresources:3: node 'n9' is not "
                + "listed in ha.cf", "nothing changed: the agent runs on as it was")));
        Result refused = hbctl(List.of(), "config", "reload");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("/etc/ha.d/haresources:3: node 'n9' is not listed in ha.cf\n"
                + "nothing changed: the agent runs on as it was");
        Result byNobody = hbctl(AS_NOBODY, "config", "reload");
        assertThat(byNobody.exit()).as(byNobody.toString()).isEqualTo(1);
        assertThat(byNobody.err()).contains("only root may reload");
        assertThat(agent.requests).containsExactly("reload", "reload");
        server.close();
        Result stopped = hbctl(List.of(), "config", "reload");
        assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(3);
    }

    @Test
    void nobodyQueriesButMayNotChange() throws Exception {
        Result status = hbctl(AS_NOBODY, "status", "--json");
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out()).contains("\"resourceHold\" : \"local\"");
        Result metrics = hbctl(AS_NOBODY, "metrics");
        assertThat(metrics.exit()).as(metrics.toString()).isZero();
        Result takeover = hbctl(AS_NOBODY, "takeover");
        assertThat(takeover.exit()).as(takeover.toString()).isEqualTo(1);
        assertThat(takeover.err()).contains("user nobody may not change the cluster: only root may takeover");
        Result cleanup = hbctl(AS_NOBODY, "resource", "cleanup", ClusterStates.REFERENCE_GROUP);
        assertThat(cleanup.exit()).as(cleanup.toString()).isEqualTo(1);
        assertThat(cleanup.err()).contains("only root may cleanup");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void clStatusAnswersNobodyAndHbStandbyRefusesThem() throws Exception {
        Result rscstatus = run(AS_NOBODY, "org.jheartbeat.agent.cli.ClStatus", "rscstatus");
        assertThat(rscstatus.exit()).as(rscstatus.toString()).isZero();
        assertThat(rscstatus.out()).isEqualTo("local\n");
        Result parameter = run(AS_NOBODY, "org.jheartbeat.agent.cli.ClStatus", "hbparameter", "-p", "deadtime");
        assertThat(parameter.exit()).as(parameter.toString()).isZero();
        assertThat(parameter.out()).isEqualTo("10\n");
        Result standby = run(AS_NOBODY, "org.jheartbeat.agent.cli.HbHandover", "standby", "hb_standby");
        assertThat(standby.exit()).as(standby.toString()).isEqualTo(1);
        assertThat(standby.err()).contains("only root may standby");
        assertThat(agent.requests).isEmpty();
    }

    @Test
    void aUserTheDirectoryKeepsOutIsToldSoNotThatTheAgentIsStopped() throws Exception {
        Path run = socket.getParent();
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setAttribute(run, "posix:group", run.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName("daemon"));
        String denied = "permission denied: nobody may not reach " + socket + ": " + run + " is drwxr-x--- root daemon; "
                + "only root and the members of group daemon may reach the agent there";

        Result status = run(AS_NOBODY, "org.jheartbeat.agent.cli.Hbctl", "status");
        assertThat(status.exit()).as(status.toString()).isEqualTo(1);
        assertThat(status.err()).contains(denied).doesNotContain("not running");
        Result clStatus = run(AS_NOBODY, "org.jheartbeat.agent.cli.ClStatus", "rscstatus");
        assertThat(clStatus.exit()).as(clStatus.toString()).isEqualTo(1);
        assertThat(clStatus.err()).contains("Cannot signon with heartbeat", denied);
        Result hbStatus = run(AS_NOBODY, "org.jheartbeat.agent.cli.ClStatus", "hbstatus");
        assertThat(hbStatus.err()).contains(denied);
        Result standby = run(AS_NOBODY, "org.jheartbeat.agent.cli.HbHandover", "standby", "hb_standby");
        assertThat(standby.exit()).as(standby.toString()).isEqualTo(1);
        assertThat(standby.err()).contains(denied);
        Result root = run(List.of(), "org.jheartbeat.agent.cli.Hbctl", "status");
        assertThat(root.exit()).as(root.toString()).isZero();
    }

    record Result(int exit, String out, String err) {
    }

    private Result hbctl(List<String> as, String... args) throws Exception {
        List<String> withSocket = new ArrayList<>(List.of(args));
        withSocket.addAll(List.of("--socket", socket.toString()));
        return run(as, "org.jheartbeat.agent.cli.Hbctl", withSocket.toArray(String[]::new));
    }

    private Result run(List<String> as, String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(as);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-cp", classPath, main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JHEARTBEAT_CONTROL_SOCKET", socket.toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hbctl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The test's class path copied where nobody can read it (root's Maven repository is private). */
    private String readableClassPath() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            Path target = lib.resolve(index++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Path copy = target.resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else if (Files.isRegularFile(source)) {
                Files.copy(source, target);
            } else {
                continue;
            }
            entries.add(target.toString());
        }
        try (Stream<Path> all = Files.walk(lib)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path)
                        ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
