package org.jheartbeat.agent.config;

import java.util.List;

/** {@code respawn USER PROGRAM ARGS...}: a program run as USER and restarted unless it exits with 100. */
public record Respawn(String user, List<String> command, SourceLocation location) {

    public Respawn {
        command = List.copyOf(command);
    }
}
