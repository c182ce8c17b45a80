package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jheartbeat.resource.CommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's heartbeat command, where Debian's heartbeat package had its daemon, against the package's agent on
 * loopback, running and then stopped by it: each option held against what heartbeat 3.0.6's daemon answered in the
 * same situation (src/test/resources/heartbeat-3.0.6/daemon-options.txt, recorded by
 * {@code scripts/benchmark.sh record-daemon}).
 */
class HeartbeatDaemonCommandTest {

    private static final Duration START_WAIT = Duration.ofMinutes(2);
    private static final String COMMAND = "/usr/libexec/heartbeat/heartbeat";
    private static final Path RECORDING = Path.of("src/test/resources/heartbeat-3.0.6/daemon-options.txt");
    @TempDir
    static Path scratch;
    private static Path root;
    private static LoopbackAgent started;
    private static DaemonOptionsRecording recorded;

    @BeforeAll
    static void startAgent() throws Exception {
        recorded = DaemonOptionsRecording.read(RECORDING);
        root = BuiltPackage.extractTo(scratch.resolve("root"));
        started = LoopbackAgent.start(scratch, root);
        assertThat(started.awaitGroupRunning(START_WAIT)).as(started.logText()).isTrue();
    }

    @AfterAll
    static void stopAgent() throws InterruptedException {
        if (started != null) {
            started.stop();
        }
    }

    @Test
    void withNoAgentEverStartedItSaysSoAsHeartbeat() {
        Map<String, String> nowhere = Map.of("JHEARTBEAT_CONTROL_SOCKET", scratch.resolve("none/control.sock")
                .toString());
        assertLikeHeartbeat("not running", "-s", heartbeat(nowhere, "-s"));
        assertLikeHeartbeat("not running", "-k", heartbeat(nowhere, "-k"));
        assertLikeHeartbeat("not running", "-s -k", heartbeat(nowhere, "-s -k"));
        assertLikeHeartbeat("not running", "-x", heartbeat(nowhere, "-x"));
    }

    @Test
    void bothPlacesLinkTheOneCommand() throws IOException {
        for (String place : List.of(COMMAND, "/usr/lib/heartbeat/heartbeat")) {
            Path link = root.resolve(place.substring(1));
            assertThat(Files.isSymbolicLink(link)).as(place).isTrue();
            assertThat(link.toRealPath()).isEqualTo(root.resolve("usr/share/jheartbeat/bin/heartbeat").toRealPath());
        }
    }

    /**
     * One agent's life, in order: asked about, reloaded with good and broken files, stopped, and asked again. The
     * status line, the usage and the stopped answers are heartbeat's own (process ids and names aside); every exit
     * code a script tests is heartbeat's.
     */
    @Test
    void theOptionsActOnTheAgentAsHeartbeatsOnItsDaemon() throws Exception {
        long agentPid = started.agent().pid();
        CommandResult status = heartbeat("-s");
        assertThat(status.stdout()).as(status.describe()).isEqualTo("heartbeat OK [pid " + agentPid + " et al] is "
                + "running on " + hostName() + " [trainer]...\n");
        assertLikeHeartbeat("running", "-s", status);

        CommandResult version = heartbeat("-V");
        assertThat(version.stdout()).startsWith(recorded.answer("running", "-V").stdout().split(" ")[0] + " (jheartbeat ");
        assertThat(version.exitCode()).isEqualTo(recorded.answer("running", "-V").exitCode());

        assertLikeHeartbeat("running", "-x", heartbeat("-x"));

        CommandResult reload = heartbeat("-r");
        assertThat(reload.exitCode()).as(reload.describe()).isEqualTo(recorded.answer("running", "-r").exitCode());
        assertThat(reload.stdout()).contains("Configuration unchanged.");

        Path haCf = scratch.resolve("ha.d/ha.cf");
        String goodHaCf = Files.readString(haCf);
        Files.writeString(haCf, goodHaCf + "nosuchdirective on\n");
        CommandResult unknown = heartbeat("-r");
        Files.writeString(haCf, goodHaCf);
        assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(recorded.answer(
                "running, ha.cf has a line heartbeat does not know (nosuchdirective on)", "-r").exitCode());
        assertThat(unknown.stderr()).contains("nosuchdirective");
        assertThat(started.awaitGroupRunning(Duration.ZERO)).as("the group runs on after a refused reload").isTrue();

        for (String starting : List.of("", "-v", "-f")) {
            CommandResult refused = heartbeat(starting);
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(3);
            assertThat(refused.stderr()).contains("not supported", "systemctl start heartbeat");
        }

        CommandResult stop = heartbeat("-k");
        assertLikeHeartbeat("running: -k", "-k", stop);
        assertThat(started.agent().isAlive()).as("the agent has ended when -k returns").isFalse();
        assertThat(started.marker()).as("its group stopped before it ended").doesNotExist();

        assertLikeHeartbeat("stopped by -k", "-s", heartbeat("-s"));
        assertLikeHeartbeat("stopped by -k", "-k", heartbeat("-k"));
        CommandResult reloadStopped = heartbeat("-r");
        assertThat(reloadStopped.exitCode()).as(reloadStopped.describe()).isEqualTo(7);
        assertThat(reloadStopped.stderr()).contains("not running", "systemctl start heartbeat");
    }

    /** The exit code and the output, process ids and the node's names taken out, are heartbeat's. */
    private static void assertLikeHeartbeat(String situation, String options, CommandResult ours) {
        DaemonOptionsRecording.Answer theirs = recorded.answer(situation, options);
        assertThat(ours.exitCode()).as("%s: exit code of %s (ours: %s)", situation, options, ours.describe())
                .isEqualTo(theirs.exitCode());
        assertThat(DaemonOptionsRecording.comparable(ours.stdout()))
                .as("%s: standard output of %s", situation, options)
                .isEqualTo(DaemonOptionsRecording.comparable(theirs.stdout()));
        assertThat(DaemonOptionsRecording.comparable(ours.stderr()))
                .as("%s: standard error of %s", situation, options)
                .isEqualTo(DaemonOptionsRecording.comparable(theirs.stderr()));
    }

    private static CommandResult heartbeat(String options) {
        return heartbeat(Map.of("JHEARTBEAT_CONTROL_SOCKET", started.socket().toString()), options);
    }

    private static CommandResult heartbeat(Map<String, String> environment, String options) {
        List<String> argv = new ArrayList<>(List.of(root.resolve(COMMAND.substring(1)).toString()));
        if (!options.isEmpty()) {
            argv.addAll(List.of(options.split(" ")));
        }
        return BuiltPackage.run(environment, argv.toArray(String[]::new));
    }

    private static String hostName() {
        return BuiltPackage.succeeding("uname", "-n").strip().toLowerCase(Locale.ROOT);
    }
}
