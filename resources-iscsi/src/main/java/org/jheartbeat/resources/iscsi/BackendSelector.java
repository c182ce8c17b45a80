package org.jheartbeat.resources.iscsi;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;

/**
 * Picks the backend: the configured one, or with {@code auto} the first of IET, tgt and LIO that is installed
 * and running here (the order heartbeat's iSCSITarget agent probes in). The choice is remembered once made, so
 * that a daemon that dies later shows as a failure of that backend rather than a silent switch to another.
 */
final class BackendSelector {

    private final BackendChoice choice;
    private final List<TargetBackend> candidates;
    private TargetBackend chosen;

    /**
     * @param candidates every backend, in probing order
     */
    BackendSelector(BackendChoice choice, List<TargetBackend> candidates) {
        this.choice = choice;
        this.candidates = List.copyOf(candidates);
    }

    /** The backends this selector may pick: the configured one, or with auto every candidate. */
    List<TargetBackend> eligible() {
        if (choice == BackendChoice.AUTO) {
            return candidates;
        }
        String wanted = choice.name().toLowerCase(Locale.ROOT);
        return candidates.stream().filter(backend -> backend.name().equals(wanted)).toList();
    }

    TargetBackend select(Deadline deadline) throws OperationAbort {
        if (chosen != null) {
            return chosen;
        }
        if (choice != BackendChoice.AUTO) {
            chosen = eligible().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no backend named " + choice));
            return chosen;
        }
        for (TargetBackend candidate : candidates) {
            if (candidate.available(deadline)) {
                chosen = candidate;
                return chosen;
            }
        }
        throw new OperationAbort(OperationResult.notInstalled("no iSCSI target is installed and running on this node (probed "
                + candidates.stream().map(TargetBackend::name).collect(Collectors.joining(", ")) + ")"));
    }
}
