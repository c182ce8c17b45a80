package org.jheartbeat.resources.ipaddr;

/** A tool answered with output this plugin cannot read; the message names the command and what was wrong. */
public final class UnexpectedOutputException extends RuntimeException {

    public UnexpectedOutputException(String message) {
        super(message);
    }

    public UnexpectedOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
