package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * heartbeat 3.0.6's daemon answering its options (e2e's HeartbeatDaemonOptionsRecording): per situation ("###" lines)
 * and command ("$ NODE: COMMAND"), its standard output, standard error and exit code.
 */
final class DaemonOptionsRecording {

    /** What heartbeat answered to one command. */
    record Answer(String stdout, String stderr, int exitCode) {
    }

    private static final String DAEMON = "/usr/libexec/heartbeat/heartbeat";

    private final Map<String, Answer> answers;

    private DaemonOptionsRecording(Map<String, Answer> answers) {
        this.answers = answers;
    }

    static DaemonOptionsRecording read(Path file) throws IOException {
        assertThat(file).as("heartbeat's recorded answers (scripts/benchmark.sh record-daemon)").isRegularFile();
        List<String> lines = Files.readAllLines(file);
        Map<String, Answer> answers = new HashMap<>();
        String situation = "";
        for (int at = 0; at < lines.size(); at++) {
            String line = lines.get(at);
            if (line.startsWith("### ")) {
                situation = line.substring(4);
            } else if (line.startsWith("$ ")) {
                String command = line.substring(line.indexOf(": ") + 2);
                int stderrAt = indexFrom(lines, "--- stderr", at);
                int rcAt = indexFrom(lines, "--- rc ", at);
                String stdout = String.join("", lines.subList(at + 2, stderrAt).stream().map(text -> text + "\n")
                        .toList());
                String stderr = String.join("", lines.subList(stderrAt + 1, rcAt).stream().map(text -> text + "\n")
                        .toList());
                int exitCode = Integer.parseInt(lines.get(rcAt).substring("--- rc ".length()).strip());
                answers.put(situation + "\n" + command, new Answer(stdout, stderr, exitCode));
                at = rcAt;
            }
        }
        return new DaemonOptionsRecording(answers);
    }

    private static int indexFrom(List<String> lines, String prefix, int from) {
        for (int at = from; at < lines.size(); at++) {
            if (lines.get(at).startsWith(prefix)) {
                return at;
            }
        }
        throw new IllegalStateException("no '" + prefix + "' after line " + (from + 1) + " of the recording");
    }

    /** What root got from {@code heartbeat OPTIONS} in {@code situation}. */
    Answer answer(String situation, String options) {
        String command = options.isEmpty() ? DAEMON : DAEMON + " " + options;
        Answer answer = answers.get(situation + "\n" + command);
        assertThat(answer).as("the recording's answer to '%s' in situation '%s'", command, situation).isNotNull();
        return answer;
    }

    /** Output with what differs between machines and runs taken out: process ids, host and node names, the path run. */
    static String comparable(String output) {
        return output.replaceAll("pid [0-9]+", "pid PID")
                .replaceAll("running on \\S+ \\[\\S+\\]", "running on HOST [NODE]")
                .replaceAll("(?m)^\\S*/heartbeat: ", "heartbeat: ");
    }
}
