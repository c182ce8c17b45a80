package org.jheartbeat.resource;

/**
 * Ends an operation early with the result it comes to: the steps of an operation throw it, and the operation
 * returns its {@link #result()}. It carries no stack trace, as it reports an outcome, not a programming error.
 */
public final class OperationAbort extends Exception {

    private final transient OperationResult result;

    public OperationAbort(OperationResult result) {
        super(result.toString(), null, false, false);
        this.result = result;
    }

    public OperationResult result() {
        return result;
    }
}
