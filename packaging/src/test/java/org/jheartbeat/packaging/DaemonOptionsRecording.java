package org.jheartbeat.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jheartbeat.testsupport.heartbeat.RecordedHeartbeat;

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
        Map<String, Answer> answers = new HashMap<>();
        for (RecordedHeartbeat recorded : RecordedHeartbeat.parse(Files.readString(file))) {
            answers.put(recorded.situation() + "\n" + String.join(" ", recorded.command()),
                    new Answer(recorded.stdout(), recorded.stderr(), recorded.exitCode()));
        }
        return new DaemonOptionsRecording(answers);
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
