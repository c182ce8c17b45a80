package org.jheartbeat.nfs;

import org.jheartbeat.resource.OperationResult;

/**
 * One NFS server implementation: the kernel's nfsd or NFS-Ganesha. Each operation has the meaning of
 * {@link org.jheartbeat.resource.ResourceAgent}'s (idempotent start and stop, status that changes nothing) and
 * may end early by throwing {@link Abort} with its result.
 */
interface NfsBackend {

    OperationResult start(Deadline deadline) throws Abort;

    OperationResult stop(Deadline deadline) throws Abort;

    OperationResult status(Deadline deadline) throws Abort;

    OperationResult validate(Deadline deadline) throws Abort;
}
