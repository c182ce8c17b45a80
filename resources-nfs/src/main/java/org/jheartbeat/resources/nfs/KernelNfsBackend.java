package org.jheartbeat.resources.nfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.Deadline;
import org.jheartbeat.resource.InvalidResourceException;
import org.jheartbeat.resource.OperationAbort;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.OperationTools;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.host.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's nfsd, as Debian's {@code nfs-kernel-server} package runs it.
 *
 * <p>Start: state directory in place, statd restarted so that it reads the shared monitor list, the server
 * started by systemd or the init script, exports made, then a wait until the server answers (the init script
 * exits 0 without starting anything when the kernel has no nfsd or there are no exports), then sm-notify so
 * that clients reclaim their locks within the grace period. Stop reverses it and checks the server is silent.
 */
final class KernelNfsBackend implements NfsBackend {

    static final String TYPE_NAME = "nfs-kernel-server";
    private static final Logger LOG = LoggerFactory.getLogger(KernelNfsBackend.class);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    private static final Path[] REQUIRED_TOOLS = {Path.of("/usr/sbin/exportfs"), Path.of("/usr/sbin/rpc.nfsd")};
    private static final Path SM_NOTIFY = Path.of("/usr/sbin/sm-notify");
    private static final Path EXPORTS = Path.of("/etc/exports");

    private final ResourceSpec spec;
    private final KernelSettings settings;
    private final Host host;
    private final OperationTools tools;
    private final StateDirectory stateDirectory;

    KernelNfsBackend(ResourceSpec spec, KernelSettings settings, Host host, OperationTools tools) {
        this.spec = spec;
        this.settings = settings;
        this.host = host;
        this.tools = tools;
        this.stateDirectory = new StateDirectory(settings.stateDirectory(), settings.sharedStateDirectory(), host,
                tools);
    }

    /** {@code nfs-kernel-server[::SHARED_STATE_DIRECTORY[::NOTIFY_NAME]]}; arguments override the settings. */
    static NfsBackend create(ResourceSpec spec, ResourceContext context, Host host)
            throws InvalidResourceException {
        List<String> arguments = spec.arguments();
        if (arguments.size() > 2) {
            throw new InvalidResourceException(spec.id() + ": expected " + TYPE_NAME
                    + "[::SHARED_STATE_DIRECTORY[::NOTIFY_NAME]], got " + arguments.size() + " arguments");
        }
        try {
            KernelSettings settings = KernelSettings.from(context.settings());
            if (!arguments.isEmpty()) {
                settings = settings.withSharedStateDirectory(
                        PathArguments.absolute(arguments.get(0), "shared state directory (argument 1)"));
            }
            if (arguments.size() == 2) {
                settings = settings.withNotifyName(NotifyName.parse(arguments.get(1)).orElseThrow(
                        () -> new IllegalArgumentException("notify name (argument 2) is empty")));
            }
            Path state = settings.stateDirectory();
            if (settings.sharedStateDirectory().filter(shared -> shared.startsWith(state)).isPresent()) {
                throw new IllegalArgumentException("shared state directory " + settings.sharedStateDirectory().get()
                        + " lies inside the state directory " + state);
            }
            return new KernelNfsBackend(spec, settings, host, new OperationTools(spec.id(), context.commands()));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(spec.id() + ": " + e.getMessage());
        }
    }

    @Override
    public OperationResult start(Deadline deadline) throws OperationAbort {
        if (answers(deadline)) {
            Optional<String> misplaced = stateDirectory.misplaced();
            if (misplaced.isPresent()) {
                // Binding the shared state under a running server would leave it working on the old files.
                return OperationResult.failed("the NFS server already runs, but " + misplaced.get()
                        + ": stop it first");
            }
            LOG.info("{}: already running", spec);
            return OperationResult.success();
        }
        ServiceManager manager = settings.serviceManager().resolve(host);
        stateDirectory.place(deadline);
        if (settings.statd()) {
            tools.require(deadline, manager.command(ServiceManager.Service.STATD, "restart").toArray(String[]::new));
        }
        CommandResult started = tools.require(deadline,
                manager.command(ServiceManager.Service.NFS_SERVER, "start").toArray(String[]::new));
        export(deadline);
        awaitAnswer(deadline, started);
        if (settings.notifyClients()) {
            notifyClients(deadline);
        }
        LOG.info("{}: serving NFS on {}", spec, settings.probe().where());
        return OperationResult.success();
    }

    @Override
    public OperationResult stop(Deadline deadline) throws OperationAbort {
        ServiceManager manager = settings.serviceManager().resolve(host);
        unexport(deadline);
        tools.require(deadline, manager.command(ServiceManager.Service.NFS_SERVER, "stop").toArray(String[]::new));
        if (manager == ServiceManager.INIT_SCRIPT) {
            // bookworm's init script signals the nfsd threads with SIGINT, which kernel 6.1's threads outlive
            // (seen in the real-kernel tier); the systemd unit stops them with rpc.nfsd 0, and so do we.
            CommandResult threads = tools.run(deadline, "rpc.nfsd", "0");
            if (!threads.succeeded()) {
                tools.logFailure(threads);
            }
        }
        if (answers(deadline)) {
            return OperationResult.failed("the NFS server still answers on " + settings.probe().where()
                    + " after it was stopped");
        }
        if (settings.statd() && stateDirectory.boundHere()) {
            // statd works inside the state directory and would keep the bind mount busy.
            tools.require(deadline, manager.command(ServiceManager.Service.STATD, "stop").toArray(String[]::new));
        }
        stateDirectory.release(deadline);
        return OperationResult.success();
    }

    @Override
    public OperationResult status(Deadline deadline) throws OperationAbort {
        if (answers(deadline)) {
            return stateDirectory.misplaced()
                    .map(problem -> OperationResult.failed("the NFS server answers but " + problem))
                    .orElse(OperationResult.success());
        }
        if (stateDirectory.boundHere()) {
            return OperationResult.failed("the NFS server does not answer on " + settings.probe().where()
                    + " but the shared state directory is still bound onto " + settings.stateDirectory());
        }
        return OperationResult.notRunning("the NFS server does not answer on " + settings.probe().where());
    }

    @Override
    public OperationResult validate(Deadline deadline) throws OperationAbort {
        Optional<Path> missing = missingServerFiles().stream().findFirst();
        if (missing.isPresent()) {
            return OperationResult.notInstalled(missing.get() + " is missing: install nfs-kernel-server");
        }
        if (settings.sharedStateDirectory().isPresent()
                && host.symlinkTarget(settings.stateDirectory()).isPresent()
                && stateDirectory.misplaced().isPresent() && host.exists(settings.stateDirectory())) {
            return OperationResult.misconfigured(stateDirectory.misplaced().get());
        }
        return OperationResult.success();
    }

    /**
     * The server's tools and init scripts missing here, the client-notifying and probing tools, exports that
     * cannot be made. An export directory that does not exist is not named: it appears once the shared
     * filesystem is mounted.
     */
    @Override
    public List<String> preflight() {
        List<String> findings = new ArrayList<>();
        missingServerFiles().forEach(file -> findings.add(file + " is not installed here (package nfs-kernel-server):"
                + " starting fails without it"));
        if (settings.statd() && settings.serviceManager().resolve(host) == ServiceManager.INIT_SCRIPT
                && !host.exists(ServiceManager.Service.STATD.initScript())) {
            findings.add(ServiceManager.Service.STATD.initScript() + " is not installed here (package nfs-common):"
                    + " starting fails without it");
        }
        RpcProbe.notInstalled(host).ifPresent(findings::add);
        if (settings.notifyClients() && !host.exists(SM_NOTIFY)) {
            findings.add(SM_NOTIFY + " is not installed here (package nfs-common): clients are not told to reclaim"
                    + " their locks after a start here");
        }
        if (settings.exports().isEmpty() && !host.exists(EXPORTS)) {
            findings.add("no exports in jheartbeat.resources.nfs.kernel.exports and no " + EXPORTS + " here: the"
                    + " server has nothing to serve");
        }
        for (NfsExport export : settings.exports()) {
            Host.PathKind kind = host.kind(export.directory());
            if (kind != Host.PathKind.MISSING && kind != Host.PathKind.DIRECTORY) {
                findings.add("export directory " + export.directory() + " is not a directory on this node:"
                        + " exporting it fails");
            }
        }
        return findings;
    }

    private List<Path> missingServerFiles() {
        List<Path> files = new ArrayList<>(List.of(REQUIRED_TOOLS));
        if (settings.serviceManager().resolve(host) == ServiceManager.INIT_SCRIPT) {
            files.add(ServiceManager.Service.NFS_SERVER.initScript());
        }
        return files.stream().filter(file -> !host.exists(file)).toList();
    }

    private boolean answers(Deadline deadline) throws OperationAbort {
        return RpcProbe.failure(tools.run(deadline, settings.probe().command())).isEmpty();
    }

    private void awaitAnswer(Deadline deadline, CommandResult started) throws OperationAbort {
        Optional<String> failure = RpcProbe.failure(tools.run(deadline, settings.probe().command()));
        while (failure.isPresent() && OperationTools.pause(deadline, PROBE_INTERVAL) && !deadline.passed()) {
            failure = RpcProbe.failure(tools.run(deadline, settings.probe().command()));
        }
        if (failure.isEmpty()) {
            return;
        }
        String said = (started.stdout() + " " + started.stderr()).strip();
        throw new OperationAbort(OperationResult.failed(started.command().display() + " succeeded"
                + (said.isEmpty() ? "" : " (" + said + ")") + " but the server does not answer: " + failure.get()));
    }

    private void export(Deadline deadline) throws OperationAbort {
        if (settings.exports().isEmpty()) {
            tools.require(deadline, "exportfs", "-ra");
            return;
        }
        for (NfsExport export : settings.exports()) {
            tools.require(deadline, export.exportCommand().toArray(String[]::new));
        }
    }

    /** A failed unexport does not stop the stop: the server's own stop unexports everything once more. */
    private void unexport(Deadline deadline) throws OperationAbort {
        List<List<String>> commands = new ArrayList<>();
        if (settings.exports().isEmpty()) {
            commands.add(List.of("exportfs", "-ua"));
        } else {
            settings.exports().forEach(export -> commands.add(export.unexportCommand()));
        }
        for (List<String> command : commands) {
            CommandResult result = tools.run(deadline, command);
            if (!result.succeeded()) {
                tools.logFailure(result);
            }
        }
    }

    /**
     * Tells the clients in statd's monitor list that the server restarted, so that they reclaim their locks
     * now rather than when they next notice. A failure is logged, not fatal: the server is serving, and failing
     * over again would not notify anyone either.
     */
    private void notifyClients(Deadline deadline) throws OperationAbort {
        List<String> argv = new ArrayList<>(List.of("sm-notify", "-f"));
        settings.notifyName().ifPresent(name -> argv.addAll(List.of("-v", name)));
        CommandResult result = tools.run(deadline, argv);
        if (!result.succeeded()) {
            LOG.warn("{}: clients were not told to reclaim their locks: {}", spec, result.describeWithOutput());
        }
    }
}
