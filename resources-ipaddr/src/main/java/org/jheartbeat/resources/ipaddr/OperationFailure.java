package org.jheartbeat.resources.ipaddr;

import org.jheartbeat.resource.OperationResult;

/** Ends an operation early with its result; the agent turns it into the operation's answer. */
final class OperationFailure extends Exception {

    private final OperationResult.Outcome outcome;

    private OperationFailure(OperationResult.Outcome outcome, String reason) {
        super(reason, null, false, false);
        this.outcome = outcome;
    }

    static OperationFailure failed(String reason) {
        return new OperationFailure(OperationResult.Outcome.FAILED, reason);
    }

    static OperationFailure misconfigured(String reason) {
        return new OperationFailure(OperationResult.Outcome.MISCONFIGURED, reason);
    }

    static OperationFailure timedOut(String reason) {
        return new OperationFailure(OperationResult.Outcome.TIMED_OUT, reason);
    }

    OperationResult result(String subject) {
        return new OperationResult(outcome, subject + ": " + getMessage());
    }
}
