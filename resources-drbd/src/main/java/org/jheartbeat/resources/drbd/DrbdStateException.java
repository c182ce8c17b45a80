package org.jheartbeat.resources.drbd;

/**
 * DRBD's state could not be learnt: /proc/drbd or a tool's output is not in DRBD's format, or the tool that
 * reports it failed. The message names the file or command it came from.
 */
public final class DrbdStateException extends RuntimeException {

    public DrbdStateException(String message) {
        super(message);
    }

    public DrbdStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
