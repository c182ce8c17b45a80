package org.jheartbeat.resources.nfs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.MountEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nfsd's state directory ({@code /var/lib/nfs}: statd's monitor list {@code sm}, exportfs's {@code etab} and
 * {@code rmtab}, the NFSv4 client records) on shared storage, so that the takeover node knows the clients that
 * hold locks and state.
 *
 * <p>Two layouts count as in place: the seed's, where {@code /var/lib/nfs} is a symlink into the shared
 * filesystem (kept as it is: it was made by hand on both nodes and resolves as soon as the filesystem is
 * mounted), and a bind mount of the shared directory onto {@code /var/lib/nfs}, which this class makes when
 * {@code /var/lib/nfs} is a plain directory. The bind mount is the default for new setups because it leaves
 * the node's own directory intact while the service runs elsewhere, and is undone on stop. The
 * {@code rpc_pipefs} that Debian mounts at {@code /var/lib/nfs/rpc_pipefs} is moved onto the bound
 * directory and back, as the bind mount would otherwise hide it from idmapd and gssd.
 */
final class StateDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);
    static final String PIPEFS_TYPE = "rpc_pipefs";
    /** statd's monitor list and the list sm-notify moves notified hosts to. */
    private static final String[] STATD_DIRECTORIES = {"sm", "sm.bak"};

    private final Path local;
    private final Optional<Path> shared;
    private final Host host;
    private final OperationTools tools;

    StateDirectory(Path local, Optional<Path> shared, Host host, OperationTools tools) {
        this.local = local;
        this.shared = shared;
        this.host = host;
        this.tools = tools;
    }

    /** Why the state directory is not where it must be, or empty when it is. Changes nothing. */
    Optional<String> misplaced() {
        if (shared.isEmpty()) {
            return danglingSymlink();
        }
        if (host.sameFile(local, shared.get())) {
            return Optional.empty();
        }
        return Optional.of(local + " is not the shared state directory " + shared.get());
    }

    /** Whether this node holds the bind mount that {@link #place} makes. */
    boolean boundHere() {
        return shared.isPresent() && host.mounts().visibleAt(local.toString()).isPresent()
                && host.sameFile(local, shared.get());
    }

    void place(Deadline deadline) throws OperationAbort {
        if (shared.isEmpty()) {
            Optional<String> dangling = danglingSymlink();
            if (dangling.isPresent()) {
                throw new OperationAbort(OperationResult.failed(dangling.get()));
            }
            return;
        }
        Path target = shared.get();
        if (host.sameFile(local, target)) {
            LOG.info("{} already is {} ({})", local, target,
                    host.symlinkTarget(local).isPresent() ? "symlink" : "bind mount");
            prepareShared(target);
            return;
        }
        checkShared(target);
        Optional<Path> link = host.symlinkTarget(local);
        if (link.isPresent()) {
            throw new OperationAbort(OperationResult.misconfigured(local + " is a symlink to " + link.get()
                    + ", not to the shared state directory " + target
                    + ": point it there, or replace it with a directory to have it bind-mounted"));
        }
        switch (host.kind(local)) {
            case MISSING -> createDirectory(local);
            case DIRECTORY -> { }
            default -> throw new OperationAbort(OperationResult.misconfigured(local + " is not a directory"));
        }
        prepareShared(target);
        boolean pipefs = unmountPipefs(deadline);
        tools.require(deadline, "mount", "--bind", target.toString(), local.toString());
        LOG.info("bind-mounted {} onto {}", target, local);
        if (pipefs) {
            mountPipefs(deadline);
        }
    }

    /** Undoes {@link #place}'s bind mount; a symlink layout is left as it is. */
    void release(Deadline deadline) throws OperationAbort {
        if (!boundHere()) {
            return;
        }
        boolean pipefs = unmountPipefs(deadline);
        tools.require(deadline, "umount", local.toString());
        LOG.info("unmounted the shared state directory from {}", local);
        if (pipefs) {
            mountPipefs(deadline);
        }
    }

    private Optional<String> danglingSymlink() {
        return host.symlinkTarget(local).filter(target -> !host.exists(local)).map(target -> local
                + " is a symlink to " + target + ", which does not exist: is the shared filesystem mounted?");
    }

    private void checkShared(Path target) throws OperationAbort {
        Path parent = target.getParent();
        if (!host.exists(parent)) {
            throw new OperationAbort(OperationResult.failed("the parent " + parent + " of the shared state directory"
                    + " does not exist: is the shared filesystem mounted?"));
        }
        Optional<String> problem = SharedStorage.problem(host.mounts(), target, "shared state directory");
        if (problem.isPresent()) {
            throw new OperationAbort(OperationResult.failed(problem.get()));
        }
    }

    /** On first use the shared directory is created with what statd needs; later uses find it there. */
    private void prepareShared(Path target) throws OperationAbort {
        for (String directory : STATD_DIRECTORIES) {
            Path path = target.resolve(directory);
            if (!host.exists(path)) {
                createDirectory(path);
            }
        }
    }

    private void createDirectory(Path directory) throws OperationAbort {
        try {
            host.createDirectories(directory);
            LOG.info("created {}", directory);
        } catch (IOException e) {
            throw new OperationAbort(OperationResult.failed("cannot create " + directory + ": " + e.getMessage()));
        }
    }

    private Path pipefsMountPoint() {
        return local.resolve(PIPEFS_TYPE);
    }

    /** @return whether an rpc_pipefs was mounted there (and is now unmounted) */
    private boolean unmountPipefs(Deadline deadline) throws OperationAbort {
        Optional<MountEntry> pipefs = host.mounts().visibleAt(pipefsMountPoint().toString());
        if (pipefs.isEmpty() || !pipefs.get().fsType().equals(PIPEFS_TYPE)) {
            return false;
        }
        tools.require(deadline, "umount", pipefsMountPoint().toString());
        return true;
    }

    private void mountPipefs(Deadline deadline) throws OperationAbort {
        if (!host.exists(pipefsMountPoint())) {
            createDirectory(pipefsMountPoint());
        }
        tools.require(deadline, "mount", "-t", PIPEFS_TYPE, "sunrpc", pipefsMountPoint().toString());
    }
}
