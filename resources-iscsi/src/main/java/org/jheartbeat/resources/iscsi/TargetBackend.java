package org.jheartbeat.resources.iscsi;

import java.util.Optional;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;

/**
 * One iSCSI target implementation. Each reads the kernel's or daemon's own state rather than trusting the exit
 * status of the command that changed it; the agent decides from {@link #inspect} what start, stop and status
 * come to.
 */
interface TargetBackend {

    /** {@code iet}, {@code tgt} or {@code lio}, as the {@code backend} setting names it. */
    String name();

    /** The command this implementation changes targets with. */
    String tool();

    /** Where {@link #tool} comes from on Debian, for an operator who has to install it. */
    String toolSource();

    /** Whether this implementation is installed and running on the node (used to pick one when set to auto). */
    boolean available(Deadline deadline) throws OperationAbort;

    /** Why this implementation cannot serve {@code target} as defined, if it cannot. */
    Optional<String> unsupported(TargetDefinition target);

    /** The target as served now, empty when it does not exist. */
    Optional<ServedTarget> inspect(TargetDefinition target, Deadline deadline) throws OperationAbort;

    /** Creates the target or adds whatever of it is missing; what is already right is left alone. */
    void serve(TargetDefinition target, Deadline deadline) throws OperationAbort;

    /** Closes the target's sessions and removes it with its LUNs and the access it opened. */
    void remove(TargetDefinition target, Deadline deadline) throws OperationAbort;
}
