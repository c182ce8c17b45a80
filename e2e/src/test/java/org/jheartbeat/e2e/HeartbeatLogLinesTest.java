package org.jheartbeat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.HeartbeatLogRecording.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines heartbeat 3.0.6 logged through start-up, a medium cut, hb_standby, hb_takeover, a power loss and
 * takeover, a return and clean shutdowns (test-support's heartbeat-3.0.6/logfile.txt) appear in jheartbeat's logfile
 * through the same steps on the same cluster, on the same node and in the same step, whole as heartbeat writes them
 * once time, process id, host, generation and the run's paths are set aside: every line of heartbeat's daemon, ResourceManager
 * and mach_down, but those {@link #NOT_WRITTEN} lists with the reason (docs/logging.md has the same table). Root
 * only (namespaces).
 */
class HeartbeatLogLinesTest {

    private static final Pattern DAEMON = Pattern.compile(
            "[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d (\\S+) heartbeat: \\[\\d+\\]: (\\S+): (.*)");
    private static final Pattern SCRIPT = Pattern.compile(
            "\\d{4}/\\d\\d/\\d\\d_\\d\\d:\\d\\d:\\d\\d {2}(ResourceManager|mach_down)\\(default\\)\\[\\d+\\]: +(.*)");

    /** Step (a prefix of its name, empty for every step), heartbeat's line, and why jheartbeat does not write it. */
    private record NotWritten(String step, Pattern line, String why) {
        NotWritten(String step, String line, String why) {
            this(step, Pattern.compile(line), why);
        }
    }

    private static final List<NotWritten> NOT_WRITTEN = List.of(
            new NotWritten("", "heartbeat: WARN: Logging daemon is disabled.*", "no logging daemon"),
            new NotWritten("", "heartbeat: info: Pacemaker support: off", "no Pacemaker"),
            new NotWritten("", "heartbeat: WARN: (Core dumps could be lost|Consider setting).*",
                    "the JVM writes its own crash reports"),
            new NotWritten("", "heartbeat: (WARN|info): (Initial dead time|It should be >= deadtime).*",
                    "configuration warnings are jheartbeat's own, naming ha.cf's line"),
            new NotWritten("", "heartbeat: info: \\*+", "a separator"),
            new NotWritten("", "heartbeat: (info|WARN): (No Previous generation|No uuid found|Creating FIFO).*",
                    "heartbeat's own state files"),
            new NotWritten("", "heartbeat: (info|ERROR): glib: .*",
                    "heartbeat's socket code: how it opens them, what a send failed with (jheartbeat: link X: cannot send)"),
            new NotWritten("", "heartbeat: ERROR: Cannot lock ourselves into memory.*",
                    "jheartbeat warns in its own words (realtime on, but memory stays unlocked)"),
            new NotWritten("", "heartbeat: info: Status update for node \\S+: status (up|init)",
                    "a node is a member or not: no phases before active"),
            new NotWritten("", "heartbeat: info: Heartbeat restart on node \\S+", "a returning node is a node joining"),
            new NotWritten("", "heartbeat: info: (remote|local) resource transition completed\\.",
                    "heartbeat's own resource handshake"),
            new NotWritten("", "heartbeat: info: Initial resource acquisition complete .*",
                    "heartbeat's own resource handshake"),
            new NotWritten("", "heartbeat: info: Local Resource acquisition completed\\. \\(none\\)",
                    "a node that acquires nothing writes nothing"),
            new NotWritten("", "heartbeat: info: No local resources \\[.*\\] to acquire\\.",
                    "a node that acquires nothing writes nothing"),
            new NotWritten("", "heartbeat: info: standby: \\S+ can take our all resources",
                    "the coordinator decides; the node giving up does not hear who takes"),
            new NotWritten("", "heartbeat: info: Other node completed standby takeover of all resources\\.",
                    "the node giving up is not told when the other has started"),
            new NotWritten("", "heartbeat: (WARN|info): (\\d+ lost packet\\(s\\)|No pkts missing).*",
                    "heartbeat's own retransmissions"),
            new NotWritten("", "heartbeat: (ERROR|WARN): (write_child: write failure|Temporarily Suppressing"
                    + "|Is a cable unplugged).*", "jheartbeat: link X: cannot send"),
            new NotWritten("", "heartbeat: info: (killing HB\\w+ process|Core process \\d+ exited).*",
                    "heartbeat's own child processes"),
            new NotWritten("clean shutdown of beta", "heartbeat: info: Received shutdown notice from '\\S+'\\.",
                    "a peer sees a node that shuts down leave, as if it died"),
            new NotWritten("clean shutdown of beta", "heartbeat: info: Dead node \\S+ gave up resources\\.",
                    "a peer sees a node that shuts down leave, as if it died"),
            new NotWritten("clean shutdown of beta", "heartbeat: info: (acquire all HA resources \\(standby\\)"
                    + "|all HA resource acquisition completed \\(standby\\)|Standby resource acquisition done"
                    + " \\[all\\]|Local Resource acquisition completed)\\.",
                    "a peer takes the group over as from a dead node (mach_down's lines)"));

    @BeforeAll
    static void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "the cluster builds namespaces: root only");
    }

    @Test
    void heartbeatsLinesAppearInTheSameStepsOnTheSameNodes() throws Exception {
        List<Step> recorded = HeartbeatLogRecording.parse(recording());
        List<Step> ours;
        try (ClusterLab cluster = ClusterLab.create(HeartbeatLogRecording.setup(Agent.JHEARTBEAT),
                Path.of(System.getProperty("jheartbeat.home", "../packaging/target/jheartbeat")))) {
            cluster.addCrossoverCable();
            ours = HeartbeatLogRecording.run(cluster);
        }
        assertThat(ours).extracting(Step::name).isEqualTo(recorded.stream().map(Step::name).toList());
        List<String> missing = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < recorded.size(); i++) {
            Step step = recorded.get(i);
            for (Map.Entry<String, List<String>> node : step.lines().entrySet()) {
                List<String> written = ours.get(i).lines().getOrDefault(node.getKey(), List.of()).stream()
                        .map(line -> normalized(line, node.getKey())).flatMap(Optional::stream).toList();
                for (String line : node.getValue()) {
                    Optional<String> expected = normalized(line, node.getKey());
                    if (expected.isEmpty() || notWritten(step.name(), expected.get())) {
                        continue;
                    }
                    compared++;
                    if (!written.contains(expected.get())) {
                        missing.add(step.name() + " / " + node.getKey() + ": " + expected.get());
                    }
                }
            }
        }
        System.out.printf("[e2e] heartbeat's log lines: %d compared%n", compared);
        assertThat(missing).as("heartbeat's lines jheartbeat did not write in the same step").isEmpty();
        assertThat(compared).isGreaterThan(80);
    }

    /**
     * A line of heartbeat's daemon, ResourceManager or mach_down without time, process id and host (which must be the
     * node's), the run's directory and loop device as placeholders; empty for any other line (resource agents,
     * heartbeat's rc.d hooks, jheartbeat's own lines).
     */
    private static Optional<String> normalized(String line, String node) {
        Matcher daemon = DAEMON.matcher(line);
        String text;
        if (daemon.matches() && daemon.group(1).equals(node)) {
            text = "heartbeat: " + daemon.group(2) + ": " + daemon.group(3);
        } else {
            Matcher script = SCRIPT.matcher(line);
            if (!script.matches()) {
                return Optional.empty();
            }
            text = script.group(1) + ": " + script.group(2);
        }
        return Optional.of(text.replaceAll("/tmp/jhb-e2e-\\d+/", "RUN/").replaceAll("/dev/loop\\d+", "/dev/loopN")
                .replace("//", "/").replaceAll("Heartbeat shutdown in progress\\. \\(\\d+\\)",
                        "Heartbeat shutdown in progress. (PID)").replaceAll("Heartbeat generation: \\d+",
                        "Heartbeat generation: N"));
    }

    private static boolean notWritten(String step, String line) {
        return NOT_WRITTEN.stream().anyMatch(entry -> step.startsWith(entry.step()) && entry.line().matcher(line)
                .matches());
    }

    private static String recording() throws IOException {
        try (InputStream in = HeartbeatLogLinesTest.class.getResourceAsStream("/heartbeat-3.0.6/logfile.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
