package org.jheartbeat.resources.drbd;

import java.util.List;
import java.util.stream.Collectors;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationResult.Outcome;

/** A drbddisk status from DRBD's state: Primary is running, Secondary or down is stopped. Pure. */
final class RoleStatus {

    private RoleStatus() {
    }

    /**
     * @param hasPeer whether drbd.conf names a peer, without which StandAlone is simply normal
     */
    static OperationResult of(String resource, DrbdState state, boolean hasPeer) {
        String splitBrain = hasPeer && state.connectionState() == ConnectionState.STANDALONE
                ? "; StandAlone: not connecting to its peer (split brain, or disconnected by hand)"
                + " - jheartbeat never resolves this, resolve it by hand" : "";
        String summary = resource + " " + state.describe() + splitBrain;
        return switch (state.role()) {
            case PRIMARY -> new OperationResult(Outcome.SUCCESS, summary);
            case SECONDARY, UNCONFIGURED -> OperationResult.notRunning(summary);
            case UNKNOWN -> OperationResult.failed(resource + ": cannot tell this node's role (" + state.describe() + ")");
        };
    }

    /** Several resources run only when all do and are stopped only when all are. */
    static OperationResult condense(List<OperationResult> results) {
        if (results.size() == 1) {
            return results.get(0);
        }
        String reasons = results.stream().map(OperationResult::reason).collect(Collectors.joining("; "));
        if (results.stream().allMatch(r -> r.outcome() == Outcome.SUCCESS)) {
            return new OperationResult(Outcome.SUCCESS, reasons);
        }
        if (results.stream().allMatch(r -> r.outcome() == Outcome.NOT_RUNNING)) {
            return OperationResult.notRunning(reasons);
        }
        return OperationResult.failed("resources disagree: " + reasons);
    }
}
