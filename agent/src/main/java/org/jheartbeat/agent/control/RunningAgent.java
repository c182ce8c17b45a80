package org.jheartbeat.agent.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent running on a node, as its lock names it: the file {@code agent.lock} beside the control socket, which the
 * agent locks before it touches anything and which holds its process id. The file stays when the agent is gone, so the
 * process it names counts only while it runs the agent's main class (not a release by the agent's guard).
 */
public final class RunningAgent {

    static final String LOCK_FILE_NAME = "agent.lock";
    private static final String AGENT_MAIN = "org.jheartbeat.agent.daemon.Daemon";

    private RunningAgent() {
    }

    /** The lock of the agent whose control socket is {@code controlSocket}. */
    public static Path lockFile(Path controlSocket) {
        return controlSocket.toAbsolutePath().resolveSibling(LOCK_FILE_NAME);
    }

    /** The agent whose control socket is {@code controlSocket}, if one runs. */
    public static Optional<ProcessHandle> of(Path controlSocket) {
        String pid;
        try {
            pid = Files.readString(lockFile(controlSocket), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!pid.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(process -> process.info().commandLine()
                .map(line -> line.contains(AGENT_MAIN) && !isRelease(line)).orElse(false));
    }

    /** Whether a process's command line is {@code jheartbeat --release}, as the guard of an agent that is gone runs it. */
    public static boolean isRelease(String commandLine) {
        return commandLine.contains(" --release");
    }
}
