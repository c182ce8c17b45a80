package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.resource.CommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's client launchers against the package's agent, running (a node of a two-node cluster whose peer never
 * comes, on loopback, its group a resource.d script): the agent runs cl_status, hbctl status, hb_standby and
 * hb_takeover for them, with the answers the JVM client gives; what the relay cannot do goes to the JVM client. A
 * java that only says it ran shows which of the two answered.
 */
class RelayedCommandsTest {

    private static final int JVM_RAN = 99;
    private static final Duration START_WAIT = Duration.ofMinutes(2);
    @TempDir
    static Path scratch;
    private static Path root;
    private static LoopbackAgent started;
    private static Path socket;
    private static Map<String, String> onlyRelay;

    @BeforeAll
    static void startAgent() throws Exception {
        root = BuiltPackage.extractTo(scratch.resolve("root"));
        started = LoopbackAgent.start(scratch, root);
        socket = started.socket();
        assertThat(started.awaitGroupRunning(START_WAIT)).as(started.logText()).isTrue();

        Path javaHome = scratch.resolve("jvm-says-it-ran");
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'the JVM client ran'\nexit " + JVM_RAN + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        onlyRelay = Map.of("JAVA_HOME", javaHome.toString(), "JHEARTBEAT_CONTROL_SOCKET", socket.toString());
    }

    @AfterAll
    static void stopAgent() throws InterruptedException {
        if (started != null) {
            started.stop();
        }
    }

    @Test
    void theAgentAnswersAsTheJvmClientWould() {
        List<List<String>> commands = List.of(
                List.of("cl_status", "rscstatus"), List.of("cl_status", "rscstatus", "-m"),
                List.of("cl_status", "hbstatus", "-v"), List.of("cl_status", "listnodes", "-v"),
                List.of("cl_status", "nodestatus", "peer"), List.of("cl_status", "nodestatus", "nosuchnode"),
                List.of("cl_status", "hbparameter", "-p", "deadtime"), List.of("cl_status", "hbparameter"),
                List.of("cl_status", "listhblinks", "trainer"), List.of("cl_status", "nosuchcommand"),
                List.of("cl_status"), List.of("cl_status", "test"),
                List.of("hbctl", "status"), List.of("hbctl", "status", "--xml"),
                List.of("hbctl", "status", "--socket", socket.toString(), "--json"),
                List.of("hb_standby", "sideways"), List.of("hb_takeover", "all", "more"));
        for (List<String> command : commands) {
            CommandResult relayed = run(onlyRelay, command);
            Map<String, String> jvm = new HashMap<>(onlyRelay);
            jvm.remove("JAVA_HOME");
            jvm.put("JHEARTBEAT_CLIENT", "jvm");
            CommandResult byJvm = run(jvm, command);

            assertThat(relayed.exitCode()).as("%s: %s", command, relayed.describe()).isNotEqualTo(JVM_RAN);
            assertThat(answer(relayed)).as("%s", command).isEqualTo(answer(byJvm));
        }
        assertThat(run(onlyRelay, List.of("cl_status", "rscstatus")).stdout()).isEqualTo("all\n");
    }

    @Test
    void whatTheRelayCannotDoGoesToTheJvmClient() {
        List<CommandResult> handedOn = new ArrayList<>();
        handedOn.add(run(onlyRelay, List.of("hbctl", "status", "--watch")));
        handedOn.add(run(onlyRelay, List.of("hbctl", "status", "--xml", "--json")));
        handedOn.add(run(onlyRelay, List.of("hbctl", "status", "--help")));
        handedOn.add(run(onlyRelay, List.of("hbctl", "metrics")));
        handedOn.add(run(with(onlyRelay, "JHEARTBEAT_CONTROL_SOCKET", scratch.resolve("nobody.sock").toString()),
                List.of("cl_status", "rscstatus")));
        handedOn.add(run(with(onlyRelay, "TZ", "UTC"), List.of("cl_status", "rscstatus")));
        handedOn.add(run(with(onlyRelay, "JHEARTBEAT_CLIENT", "jvm"), List.of("hb_standby")));
        for (CommandResult result : handedOn) {
            assertThat(result.exitCode()).as(result.describe()).isEqualTo(JVM_RAN);
            assertThat(result.stdout()).isEqualTo("the JVM client ran\n");
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return changed;
    }

    private static CommandResult run(Map<String, String> environment, List<String> command) {
        List<String> argv = new ArrayList<>(command);
        argv.set(0, root.resolve("usr/sbin").resolve(command.get(0)).toString());
        if (command.get(0).equals("cl_status")) {
            argv.set(0, root.resolve("usr/bin/cl_status").toString());
        } else if (command.get(0).startsWith("hb_")) {
            argv.set(0, root.resolve("usr/share/heartbeat").resolve(command.get(0)).toString());
        }
        return BuiltPackage.run(environment, argv.toArray(String[]::new));
    }

    /**
     * Output, error and exit code, without what differs from one run to the next: the time and process id of
     * heartbeat's error lines, the status's time.
     */
    private static String answer(CommandResult result) {
        String times = "\\d\\d\\d\\d-\\d\\d-\\d\\dT[\\d:.]+Z|Last updated: .*";
        String errorLine = "(?m)^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d (\\S+) cl_status: \\[\\d+\\]";
        return result.stdout().replaceAll(times, "TIME") + "|"
                + result.stderr().replaceAll(errorLine, "TIME $1 cl_status: [PID]") + "|" + result.exitCode();
    }
}
