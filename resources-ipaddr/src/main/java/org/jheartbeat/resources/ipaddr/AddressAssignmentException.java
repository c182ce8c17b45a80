package org.jheartbeat.resources.ipaddr;

/** The address cannot be placed on this node as configured (unknown interface, no route to take a prefix from). */
public final class AddressAssignmentException extends Exception {

    public AddressAssignmentException(String message) {
        super(message);
    }
}
