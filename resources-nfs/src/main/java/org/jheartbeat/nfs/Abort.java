package org.jheartbeat.nfs;

import org.jheartbeat.resource.OperationResult;

/** Ends an operation early with the result it comes to; the steps of every operation throw it. */
final class Abort extends Exception {

    private final transient OperationResult result;

    Abort(OperationResult result) {
        super(result.toString(), null, false, false);
        this.result = result;
    }

    OperationResult result() {
        return result;
    }
}
