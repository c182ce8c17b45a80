package org.jheartbeat.iscsi;

import org.jheartbeat.resource.OperationResult;

/** Ends an operation early with the result it comes to; the backends and the agent's steps throw it. */
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
