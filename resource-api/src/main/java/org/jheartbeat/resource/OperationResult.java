package org.jheartbeat.resource;

import java.util.Objects;

/**
 * What one resource operation came to. Every outcome other than {@link Outcome#SUCCESS} carries one
 * human-readable reason; command output belongs in the log, not here.
 */
public record OperationResult(Outcome outcome, String reason) {

    /**
     * Outcomes in the sense of the OCF exit codes. The split between failures that another attempt on this
     * node may cure ({@link #FAILED}, {@link #TIMED_OUT}) and those it cannot ({@link #MISCONFIGURED},
     * {@link #NOT_INSTALLED}) is what the group manager's retry and failover policy rests on.
     */
    public enum Outcome {
        /** The operation did what was asked; for status: the resource is running. */
        SUCCESS,
        /** Status only: the resource is cleanly stopped. */
        NOT_RUNNING,
        /** Generic failure; retrying or failing over may help. */
        FAILED,
        /** The resource's arguments or settings are wrong; no node will do better. */
        MISCONFIGURED,
        /** A tool or file the resource needs is missing on this node; another node may have it. */
        NOT_INSTALLED,
        /** The operation did not finish within its timeout and was killed. */
        TIMED_OUT
    }

    private static final OperationResult SUCCESS = new OperationResult(Outcome.SUCCESS, "");

    public OperationResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        if (outcome != Outcome.SUCCESS && reason.isBlank()) {
            throw new IllegalArgumentException(outcome + " needs a reason");
        }
    }

    public static OperationResult success() {
        return SUCCESS;
    }

    public static OperationResult notRunning(String reason) {
        return new OperationResult(Outcome.NOT_RUNNING, reason);
    }

    public static OperationResult failed(String reason) {
        return new OperationResult(Outcome.FAILED, reason);
    }

    public static OperationResult misconfigured(String reason) {
        return new OperationResult(Outcome.MISCONFIGURED, reason);
    }

    public static OperationResult notInstalled(String reason) {
        return new OperationResult(Outcome.NOT_INSTALLED, reason);
    }

    public static OperationResult timedOut(String reason) {
        return new OperationResult(Outcome.TIMED_OUT, reason);
    }

    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? outcome.name() : outcome + ": " + reason;
    }
}
