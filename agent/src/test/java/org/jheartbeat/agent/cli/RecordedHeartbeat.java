package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real heartbeat 3.0.6's answers, as record.sh wrote them to heartbeat-3.0.6/recorded.txt. */
record RecordedHeartbeat(String situation, String node, List<String> command, String stdout, String stderr,
                         int exitCode) {

    static List<RecordedHeartbeat> load() throws IOException {
        String text;
        try (InputStream in = RecordedHeartbeat.class.getResourceAsStream("/heartbeat-3.0.6/recorded.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<RecordedHeartbeat> answers = new ArrayList<>();
        String situation = "";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("### ")) {
                situation = line.substring(4);
            } else if (line.startsWith("$ ")) {
                String node = line.substring(2, line.indexOf(':'));
                List<String> command = List.of(line.substring(line.indexOf(':') + 2).trim().split(" "));
                StringBuilder out = new StringBuilder();
                StringBuilder err = new StringBuilder();
                StringBuilder current = null;
                int exit = -1;
                for (i++; i < lines.length; i++) {
                    if (lines[i].equals("--- stdout")) {
                        current = out;
                    } else if (lines[i].equals("--- stderr")) {
                        current = err;
                    } else if (lines[i].startsWith("--- rc ")) {
                        exit = Integer.parseInt(lines[i].substring(7));
                        break;
                    } else {
                        current.append(lines[i]).append('\n');
                    }
                }
                answers.add(new RecordedHeartbeat(situation, node, command, out.toString(), err.toString(), exit));
            }
        }
        return answers;
    }

    /** Error lines carry a time, a host and a process id that differ from run to run. */
    static String normalized(String output) {
        return output.replaceAll("(?m)^[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d (\\S+ cl_status: \\[\\d+\\]: )?",
                "TIME $1").replaceAll("\\S+ cl_status: \\[\\d+\\]: ", "cl_status: ");
    }

    @Override
    public String toString() {
        return node + ": " + String.join(" ", command) + " (" + situation + ")";
    }
}
