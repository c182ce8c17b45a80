package org.jheartbeat.resources.nfs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
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
 * NFS-Ganesha, the userspace server, run as a daemon with its own configuration, pid file and log. The
 * configuration names the exports and the recovery directory ({@code NFSV4 RecoveryRoot}), which must lie on
 * the shared filesystem: a server started on the takeover node reads the client records there and holds its
 * grace period (only reclaims succeed, other opens fail with NFS4ERR_GRACE) so that those clients get their
 * state back; with no records it lifts grace at once.
 *
 * <p>Start waits, within its timeout, until the daemon answers NFS (the launcher exits 0 before the daemon
 * has read its configuration); stop sends TERM, then KILL after half of what is left of its timeout.
 */
final class GaneshaBackend implements NfsBackend {

    static final String TYPE_NAME = "nfs-ganesha";
    static final String PROCESS_NAME = "ganesha.nfsd";
    private static final String PACKAGES = "nfs-ganesha and nfs-ganesha-vfs";
    private static final Logger LOG = LoggerFactory.getLogger(GaneshaBackend.class);
    private static final int CONFIG_LIMIT_BYTES = 1 << 20;
    private static final int LOG_TAIL_BYTES = 32 * 1024;
    private static final int LOG_PROBLEMS_SHOWN = 3;
    /**
     * Ganesha logs this first on every start, after its name: "ganesha.nfsd" when started by path, as here,
     * "nfs-ganesha" when found on PATH. What comes before belongs to earlier runs.
     */
    private static final String LOG_START_MARKER = " Starting: Ganesha Version";
    private static final Duration START_POLL = Duration.ofMillis(50);
    private static final Duration STOP_POLL = Duration.ofMillis(20);

    private final ResourceSpec spec;
    private final GaneshaSettings settings;
    private final Host host;
    private final OperationTools tools;

    GaneshaBackend(ResourceSpec spec, GaneshaSettings settings, Host host, OperationTools tools) {
        this.spec = spec;
        this.settings = settings;
        this.host = host;
        this.tools = tools;
    }

    /** {@code nfs-ganesha[::CONFIG_FILE]}; the argument overrides the {@code config} setting. */
    static NfsBackend create(ResourceSpec spec, ResourceContext context, Host host)
            throws InvalidResourceException {
        if (spec.arguments().size() > 1) {
            throw new InvalidResourceException(spec.id() + ": expected " + TYPE_NAME + "[::CONFIG_FILE], got "
                    + spec.arguments().size() + " arguments");
        }
        try {
            GaneshaSettings settings = GaneshaSettings.from(context.settings());
            if (!spec.arguments().isEmpty()) {
                settings = settings.withConfig(
                        PathArguments.absolute(spec.arguments().get(0), "configuration file (argument 1)"));
            }
            return new GaneshaBackend(spec, settings, host, new OperationTools(spec.id(), context.commands()));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(spec.id() + ": " + e.getMessage());
        }
    }

    @Override
    public OperationResult start(Deadline deadline) throws OperationAbort {
        GaneshaSetup setup = setup();
        RpcProbe probe = probe(setup);
        Optional<Long> running = runningPid();
        if (running.isPresent()) {
            return answers(probe, deadline).map(failure -> OperationResult.failed(PROCESS_NAME + " pid "
                    + running.get() + " runs but does not answer: " + failure)).orElse(OperationResult.success());
        }
        if (answers(probe, deadline).isEmpty()) {
            // Its answers would pass for ours, and ours could not bind the port anyway.
            return OperationResult.failed("another server already answers NFS on " + probe.where() + " while no "
                    + PROCESS_NAME + " runs with pid file " + settings.pidFile() + ": stop it first");
        }
        checkStorage(setup);
        createParent(settings.pidFile());
        createParent(settings.logFile());
        Optional<Long> stale = pidFromFile();
        Optional<String> runBefore = latestRunStart(logTail());
        List<String> launch = List.of(settings.daemon().toString(), "-f", settings.config().toString(),
                "-p", settings.pidFile().toString(), "-L", settings.logFile().toString(), "-N", settings.logLevel());
        tools.require(deadline, launch.toArray(String[]::new));
        long pid = awaitServing(deadline, stale, runBefore, probe);
        List<String> configErrors = latestRunLog(logTail(), line -> line.contains(" :CONFIG :CRIT :"));
        if (!configErrors.isEmpty()) {
            // It serves, but without the blocks it could not take, typically an export: not what was configured.
            OperationResult stopped = stop(deadline);
            return OperationResult.misconfigured(PROCESS_NAME + " rejected parts of " + settings.config() + " ("
                    + (stopped.isSuccess() ? "stopped it" : "and could not be stopped: " + stopped.reason()) + "): "
                    + lastLines(configErrors));
        }
        LOG.info("{}: {} pid {} serving {} export(s) on {}; {}", spec, PROCESS_NAME, pid, setup.exports().size(),
                probe.where(), setup.graceless() ? "graceless"
                        : "in grace for up to " + setup.gracePeriod() + " s if " + setup.recoveryRoot()
                        + " holds client records");
        return OperationResult.success();
    }

    @Override
    public OperationResult stop(Deadline deadline) throws OperationAbort {
        Optional<Long> running = runningPid();
        if (running.isEmpty()) {
            return OperationResult.success();
        }
        long pid = running.get();
        host.signal(pid, Host.Signal.TERM);
        Deadline termWait = Deadline.after(deadline.remaining().dividedBy(2));
        if (awaitExit(pid, termWait)) {
            LOG.info("{}: {} pid {} exited on TERM", spec, PROCESS_NAME, pid);
            return OperationResult.success();
        }
        LOG.warn("{}: {} pid {} still runs after TERM; killing it", spec, PROCESS_NAME, pid);
        host.signal(pid, Host.Signal.KILL);
        if (awaitExit(pid, deadline)) {
            return OperationResult.success();
        }
        return OperationResult.failed(PROCESS_NAME + " pid " + pid + " survived TERM and KILL");
    }

    @Override
    public OperationResult status(Deadline deadline) throws OperationAbort {
        Optional<Long> running = runningPid();
        if (running.isEmpty()) {
            return OperationResult.notRunning("no " + PROCESS_NAME + " runs with pid file " + settings.pidFile());
        }
        return answers(probe(setup()), deadline)
                .map(failure -> OperationResult.failed(PROCESS_NAME + " pid " + running.get()
                        + " runs but does not answer: " + failure))
                .orElse(OperationResult.success());
    }

    @Override
    public OperationResult validate(Deadline deadline) throws OperationAbort {
        if (!host.exists(settings.daemon())) {
            return OperationResult.notInstalled(settings.daemon() + " is missing: install " + PACKAGES);
        }
        setup();
        return OperationResult.success();
    }

    /**
     * The daemon, rpcinfo, the configuration as start reads it, and its exports: a Path that exists here but is no
     * directory. One that does not exist is not named: it appears once the shared filesystem is mounted.
     */
    @Override
    public List<String> preflight() {
        List<String> findings = new ArrayList<>();
        if (!host.exists(settings.daemon())) {
            findings.add(settings.daemon() + " is not installed here (packages " + PACKAGES + "): starting fails"
                    + " without it");
        }
        RpcProbe.notInstalled(host).ifPresent(findings::add);
        try {
            for (GaneshaSetup.Export export : setup().exports()) {
                Host.PathKind kind = host.kind(export.path());
                if (kind != Host.PathKind.MISSING && kind != Host.PathKind.DIRECTORY) {
                    findings.add(settings.config() + ": EXPORT " + export.id() + " Path " + export.path()
                            + " is not a directory on this node: Ganesha cannot export it");
                }
            }
        } catch (OperationAbort abort) {
            findings.add(abort.result().reason() + ": starting fails");
        }
        return findings;
    }

    private GaneshaSetup setup() throws OperationAbort {
        Path config = settings.config();
        String text = host.readTail(config, CONFIG_LIMIT_BYTES).orElseThrow(() -> new OperationAbort(
                OperationResult.notInstalled("Ganesha configuration " + config + " does not exist on this node")));
        try {
            return GaneshaSetup.from(GaneshaConfig.parse(text, config.toString()), config.toString());
        } catch (IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.misconfigured(e.getMessage()));
        }
    }

    private RpcProbe probe(GaneshaSetup setup) throws OperationAbort {
        try {
            return new RpcProbe(setup.probeAddress(settings.probeAddress()), setup.port());
        } catch (IllegalArgumentException e) {
            throw new OperationAbort(OperationResult.misconfigured(settings.config() + ": NFS_CORE_PARAM: " + e.getMessage()));
        }
    }

    /** @return empty when the server answered, else why not */
    private Optional<String> answers(RpcProbe probe, Deadline deadline) throws OperationAbort {
        return RpcProbe.failure(tools.run(deadline, probe.command()));
    }

    /** The recovery records and the exports must be on the shared filesystem, mounted here before us. */
    private void checkStorage(GaneshaSetup setup) throws OperationAbort {
        if (settings.requireSharedRecovery()) {
            Optional<String> problem = SharedStorage.problem(host.mounts(), setup.recoveryRoot(),
                    "Ganesha's RecoveryRoot");
            if (problem.isPresent()) {
                throw new OperationAbort(OperationResult.failed(problem.get()));
            }
        }
        if (!host.exists(setup.recoveryRoot())) {
            try {
                host.createDirectories(setup.recoveryRoot());
            } catch (IOException e) {
                throw new OperationAbort(OperationResult.failed("cannot create RecoveryRoot " + setup.recoveryRoot() + ": "
                        + e.getMessage()));
            }
        }
        for (GaneshaSetup.Export export : setup.exports()) {
            if (!host.exists(export.path())) {
                throw new OperationAbort(OperationResult.failed("EXPORT " + export.id() + " Path " + export.path()
                        + " does not exist: is the shared filesystem mounted?"));
            }
        }
    }

    /** {@code /run/ganesha} is made by systemd's tmpfiles, which a node without systemd does not run. */
    private void createParent(Path file) throws OperationAbort {
        Path parent = file.getParent();
        if (!host.exists(parent)) {
            try {
                host.createDirectories(parent);
            } catch (IOException e) {
                throw new OperationAbort(OperationResult.failed("cannot create " + parent + ": " + e.getMessage()));
            }
        }
    }

    private long awaitServing(Deadline deadline, Optional<Long> stale, Optional<String> runBefore, RpcProbe probe)
            throws OperationAbort {
        String lastFailure = "its pid file " + settings.pidFile() + " did not appear";
        do {
            Optional<Long> pid = pidFromFile().filter(candidate -> !candidate.equals(stale.orElse(null)));
            if (pid.isEmpty()) {
                String log = logTail();
                if (!latestRunStart(log).equals(runBefore)
                        && !latestRunLog(log, line -> line.contains(" :FATAL :")).isEmpty()) {
                    // Ganesha exits on every fatal line; some come before it writes its pid file ("Ganesha already
                    // started" while another holds the file's lock): waiting for one would last the whole timeout.
                    throw new OperationAbort(OperationResult.failed(PROCESS_NAME + " exited during startup"
                            + logProblems()));
                }
            }
            if (pid.isPresent()) {
                if (!isGanesha(pid.get())) {
                    throw new OperationAbort(OperationResult.failed(PROCESS_NAME + " exited during startup"
                            + logProblems()));
                }
                if (deadline.passed()) {
                    break;
                }
                Optional<String> failure = RpcProbe.failure(tools.run(deadline, probe.command()));
                if (failure.isEmpty()) {
                    return pid.get();
                }
                lastFailure = failure.get();
            }
        } while (OperationTools.pause(deadline, START_POLL));
        throw new OperationAbort(OperationResult.timedOut(PROCESS_NAME + " did not answer within the start timeout: "
                + lastFailure + logProblems()));
    }

    private boolean awaitExit(long pid, Deadline deadline) throws OperationAbort {
        do {
            if (!isGanesha(pid)) {
                return true;
            }
        } while (OperationTools.pause(deadline, STOP_POLL));
        return !isGanesha(pid);
    }

    private Optional<Long> runningPid() {
        return pidFromFile().filter(this::isGanesha);
    }

    private Optional<Long> pidFromFile() {
        return host.readTail(settings.pidFile(), 64).map(String::strip).filter(text -> text.matches("[0-9]{1,10}"))
                .map(Long::parseLong);
    }

    private boolean isGanesha(long pid) {
        return host.processName(pid).filter(PROCESS_NAME::equals).isPresent();
    }

    /** The last critical lines Ganesha logged in its latest run, for the reason of a failed start. */
    private String logProblems() {
        if (host.readTail(settings.logFile(), 1).isEmpty()) {
            return " (no log at " + settings.logFile() + ")";
        }
        List<String> problems = latestRunLog(logTail(), line -> line.contains(" :CRIT :")
                || line.contains(" :FATAL :") || line.contains(" :MAJ :"));
        return problems.isEmpty() ? " (nothing critical in " + settings.logFile() + ")"
                : "; " + settings.logFile() + " says: " + lastLines(problems);
    }

    /** The line Ganesha's latest run began with, which no other run logs (it holds the time and a pid). */
    private static Optional<String> latestRunStart(String log) {
        return log.contains(LOG_START_MARKER) ? latestRun(log).lines().findFirst() : Optional.empty();
    }

    /** Lines of Ganesha's latest run that match, without their timestamp, host and thread prefix. */
    private static List<String> latestRunLog(String log, Predicate<String> wanted) {
        List<String> lines = new ArrayList<>();
        for (String line : latestRun(log).split("\n")) {
            if (wanted.test(line)) {
                lines.add(line.substring(line.indexOf("] ") + 1).strip());
            }
        }
        return lines;
    }

    /** The end of Ganesha's log, where its latest run is. */
    private String logTail() {
        return host.readTail(settings.logFile(), LOG_TAIL_BYTES).orElse("");
    }

    /** The log from the line the latest run began with; all of it when no start is logged. */
    private static String latestRun(String log) {
        return log.substring(log.lastIndexOf('\n', log.lastIndexOf(LOG_START_MARKER)) + 1);
    }

    private static String lastLines(List<String> lines) {
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_PROBLEMS_SHOWN), lines.size()));
    }
}
