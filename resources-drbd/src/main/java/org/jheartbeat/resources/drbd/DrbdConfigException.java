package org.jheartbeat.resources.drbd;

/** drbd.conf (or a file it includes) cannot be read or understood; the message starts with file:line. */
public final class DrbdConfigException extends Exception {

    public DrbdConfigException(String message) {
        super(message);
    }
}
