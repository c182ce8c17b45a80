package org.jheartbeat.resource;

/** The arguments of a resource cannot make a valid resource; the message says which and why. */
public final class InvalidResourceException extends Exception {

    public InvalidResourceException(String message) {
        super(message);
    }
}
