package org.jheartbeat.testsupport.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the real heartbeat 3.0.6's answers, as {@code scripts/benchmark.sh record-commands} wrote them to
 * heartbeat-3.0.6/recorded.txt (a resource of this module): the situation, the files the cluster ran with, the node and command, what it printed
 * and its exit code. A command run as another user starts with {@code setpriv}.
 */
public record RecordedHeartbeat(String situation, Files files, String node, List<String> command, String stdout,
                         String stderr, int exitCode) {

    /** The cluster's ha.cf and haresources, as recorded beside the answers. */
    public record Files(String haCf, String haresources) {
    }

    public static List<RecordedHeartbeat> load() throws IOException {
        try (InputStream in = RecordedHeartbeat.class.getResourceAsStream("/heartbeat-3.0.6/recorded.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Every answer of a recording in this format, the ones other commands' recordings share ("###" situations, files
     * between "--- ha.cf" and "--- end" where given, each "$ NODE: COMMAND" with its stdout, stderr and "--- rc").
     */
    public static List<RecordedHeartbeat> parse(String text) {
        List<RecordedHeartbeat> answers = new ArrayList<>();
        String situation = "";
        Files files = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("### ")) {
                situation = line.substring(4);
            } else if (line.equals("--- ha.cf")) {
                StringBuilder haCf = new StringBuilder();
                StringBuilder haresources = new StringBuilder();
                StringBuilder current = haCf;
                for (i++; !lines[i].equals("--- end"); i++) {
                    if (lines[i].equals("--- haresources")) {
                        current = haresources;
                    } else {
                        current.append(lines[i]).append('\n');
                    }
                }
                files = new Files(haCf.toString(), haresources.toString());
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
                answers.add(new RecordedHeartbeat(situation, files, node, command, out.toString(), err.toString(),
                        exit));
            }
        }
        return answers;
    }

    /** The program run and its arguments, without the user change in front. */
    public List<String> program() {
        int start = command.get(0).equals("setpriv") ? (int) command.stream().takeWhile(w -> w.startsWith("-")
                || w.equals("setpriv")).count() : 0;
        return command.subList(start, command.size());
    }

    public boolean asOtherUser() {
        return command.get(0).equals("setpriv");
    }

    /**
     * What varies from run to run and from heartbeat to jheartbeat by design: error lines' time, host and process
     * id, the e2e run's directory, and the build in the version ({@code 3.0.6 (node: 958e…)},
     * {@code 3.0.6 (jheartbeat 0.1.0)}).
     */
    public static String normalized(String output) {
        return output.replaceAll("(?m)^[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d (\\S+ cl_status: \\[\\d+\\]: )?",
                        "TIME $1").replaceAll("\\S+ cl_status: \\[\\d+\\]: ", "cl_status: ")
                .replaceAll("/tmp/jhb-e2e-\\d+/", "RUN/")
                .replaceAll("3\\.0\\.6 \\((node: [0-9a-f]+|jheartbeat [^)]+)\\)", "3.0.6 (BUILD)");
    }

    @Override
    public String toString() {
        return node + ": " + String.join(" ", command) + " (" + situation + ")";
    }
}
