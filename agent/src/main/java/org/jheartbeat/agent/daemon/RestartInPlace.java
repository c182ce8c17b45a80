package org.jheartbeat.agent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * How a stop becomes a restart in place, in files beside the agent's lock. Whoever restarts the service (the unit's
 * ExecStop during systemd's restart job, the init script's restart and try-restart) leaves {@value #REQUEST}
 * before the agent gets SIGTERM; the agent that finds it on its way out leaves its groups running and
 * {@value #MARKER} behind; the next agent claims that marker before it reads any resource's state, and the guard of
 * the one that left releases everything if nobody has claimed it within the grace (renaming it first, so exactly one
 * of the two acts).
 */
final class RestartInPlace {

    static final String REQUEST = "restart-requested";
    static final String MARKER = "restarting";

    private final Path directory;

    /** @param runDirectory where the agent's lock is */
    RestartInPlace(Path runDirectory) {
        this.directory = runDirectory;
    }

    /** At shutdown: whether this stop is a restart; the request is used up. */
    boolean requested() {
        try {
            return Files.deleteIfExists(directory.resolve(REQUEST));
        } catch (IOException e) {
            return false;
        }
    }

    /** At start: a request left from a restart that never came is no request for this run's stop. */
    void forgetStaleRequest() throws IOException {
        Files.deleteIfExists(directory.resolve(REQUEST));
    }

    /** The leaving agent's word that its groups still run here. */
    void leaveMarker() throws IOException {
        Files.writeString(directory.resolve(MARKER), ProcessHandle.current().pid() + "\n");
    }

    /** The groups were stopped after all: there is nothing for the next agent to adopt. */
    void withdrawMarker() throws IOException {
        Files.deleteIfExists(directory.resolve(MARKER));
    }

    /** The new agent takes over what the previous one left; false when there was no marker (or the guard took it). */
    boolean claim() throws IOException {
        try {
            Files.delete(directory.resolve(MARKER));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
