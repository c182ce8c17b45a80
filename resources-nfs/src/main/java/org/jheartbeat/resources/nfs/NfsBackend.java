package org.jheartbeat.resources.nfs;

import java.util.List;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;

/**
 * One NFS server implementation: the kernel's nfsd or NFS-Ganesha. Each operation has the meaning of
 * {@link org.jheartbeat.resource.Resource}'s (idempotent start and stop, status that changes nothing) and
 * may end early by throwing {@link OperationAbort} with its result.
 */
interface NfsBackend {

    OperationResult start(Deadline deadline) throws OperationAbort;

    OperationResult stop(Deadline deadline) throws OperationAbort;

    OperationResult status(Deadline deadline) throws OperationAbort;

    OperationResult validate(Deadline deadline) throws OperationAbort;

    /** What a look at this node finds against the server, running nothing ({@link org.jheartbeat.resource.Resource#preflight}). */
    List<String> preflight();
}
