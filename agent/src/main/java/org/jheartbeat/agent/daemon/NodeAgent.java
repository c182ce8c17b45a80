package org.jheartbeat.agent.daemon;

import com.google.common.base.Ticker;
import com.google.inject.Guice;
import com.google.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jheartbeat.agent.logging.HeartbeatLog;
import org.jheartbeat.agent.cluster.ClusterNode;
import org.jheartbeat.agent.cluster.GuardWords;
import org.jheartbeat.agent.cluster.ManagedGroups;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ClusterDigest;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.group.GroupResources;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.group.GroupRuntime;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.LocalGroups;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.agent.group.ResourceOperation;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.Generation;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.SealedAhead;
import org.jheartbeat.agent.metrics.AgentMetrics;
import org.jheartbeat.agent.ping.PingMonitor;
import org.jheartbeat.agent.plugins.ResourceFactory;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.OperationResult;
import org.jheartbeat.resource.Resource;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceSpec;
import org.jheartbeat.resource.StartupCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's running agent: its group managers, its part in the cluster and its links, started in the
 * order that keeps the invariants (every resource built and every startup check passed before the node joins;
 * resources found running reported before anything is decided), and stopped by handing every group over.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    static final String CLUSTER_NAME = "jheartbeat";
    /** How long the guard's {@code jheartbeat --release} may take to start before it stops anything. */
    static final Duration GUARD_RELEASE_START = Duration.ofMinutes(1);

    /** Replaced by a reload; read by the control socket's threads. */
    private volatile ClusterConfig config;
    private final ResourceTypeResolver resolver;
    private final ResourceContext context;
    private final Fencer fencer;
    private final Set<StartupCheck> startupChecks;
    private final ClusterNode cluster;
    private final LinkFactory links;
    private final Clock clock;
    private final Ticker ticker;
    private LocalGroups groups;
    private Membership membership;
    private PingMonitor ping;
    private Respawner respawner;
    private AgentControl control;
    private volatile ConfigReload reloading;
    private Supplier<ConfigLoader.Result> onDisk;
    private ReloadWatch reloadWatch = (running, changed) -> { };
    private Consumer<List<SealedAhead>> guardWords = sealed -> { };
    private long generation;
    private boolean closing;

    /** The agent could not be started; the message says why, naming files and lines where there are any. */
    public static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }

    @Inject
    NodeAgent(ClusterConfig config, ResourceTypeResolver resolver, ResourceContext context, Fencer fencer,
              Set<StartupCheck> startupChecks, ClusterNode cluster, LinkFactory links, Clock clock, Ticker ticker) {
        this.config = config;
        this.resolver = resolver;
        this.context = context;
        this.fencer = fencer;
        this.startupChecks = startupChecks;
        this.cluster = cluster;
        this.links = links;
        this.clock = clock;
        this.ticker = ticker;
        this.onDisk = () -> new ConfigLoader.Result(Optional.of(config), List.of(), Optional.empty());
    }

    /**
     * The one way a node's agent is put together, by the daemon and by the in-JVM cluster harness alike; only
     * the {@code environment} differs between them. Nothing runs until {@link #start}.
     */
    public static NodeAgent assemble(ClusterConfig config, List<ResourcePlugin> plugins, NodeEnvironment environment) {
        return Guice.createInjector(new AgentModule(config, plugins, environment)).getInstance(NodeAgent.class);
    }

    public ClusterConfig config() {
        return config;
    }

    public ClusterNode cluster() {
        return cluster;
    }

    public LocalGroups groups() {
        return groups;
    }

    public Membership membership() {
        return membership;
    }

    public void start() throws StartupException {
        generation = raiseGeneration();
        ResourceFactory.Result built = buildResources();
        Map<String, String> refused = runStartupChecks();
        AgentMetrics metrics = AgentControl.metricsOf(this, config);
        cluster.observe(metrics.clusterEvents());
        GroupRuntime runtime = GroupRuntime.create(metrics.counting(fencer), metrics.listening(cluster), ticker);
        manageGroups(built, runtime);
        HeartbeatThreads heartbeatThreads = Realtime.heartbeatThreads(config.haCf().realtime(), config.haCf().rtprio());
        try {
            membership = new Membership(config.localNode(), links.links(generation, heartbeatThreads),
                    generation, metrics.observing(cluster));
        } catch (Exception e) {
            throw new StartupException("cannot build the cluster links: " + e.getMessage());
        }
        // Before anything is probed or adopted: an agent killed from here on (one that claimed the groups a restart in
        // place left, say) leaves its guard the words that tell the peers when those groups are released.
        sealGuardWords();
        Set<String> running = foundRunning(built, refused.keySet());
        for (String group : running) {
            groups.group(group).orElseThrow().adopt("its resources were found running at start");
        }
        refused.forEach((group, reason) -> groups.group(group).orElseThrow().refuse(reason));
        cluster.declareAtStart(running, refused.keySet());
        cluster.runs(ClusterDigest.of(config));
        cluster.start(new ManagedGroups(groups), membership, heartbeatThreads);
        membership.connect(CLUSTER_NAME);
        ping = new PingMonitor(config.haCf().pingTargets(), config.haCf().timing().keepalive(),
                config.haCf().deadping(), PingMonitor.icmp(), ticker, cluster::pingReachable);
        ping.start();
        respawner = new Respawner(config.haCf().respawns(), true);
        respawner.start();
        metrics.watchLinks(membership.linkMembers().keySet());
        control = new AgentControl(this, config, clock, metrics);
        try {
            control.open();
        } catch (IOException e) {
            throw new StartupException("cannot open the control socket " + config.settings().controlSocket() + ": "
                    + e.getMessage());
        }
        // Last: a SIGHUP before the agent runs in full is answered that it is starting.
        reloading = new ConfigReload(resolver, context, runtime, groups, cluster);
        HeartbeatLog.starting(generation);
        LOG.info("node {} started: {} groups, links {}, generation {}", config.localNode(), config.groups().size(),
                membership.linkMembers().keySet(), generation);
    }

    /**
     * What an agent's guard has run when the agent died, or did not come back from a restart in place: every group
     * whose resources run here is stopped, in reverse order, fencing the node where a stop fails as the agent would.
     * It joins nothing and runs no startup check. Returns once every group has stopped or the stop budget ran out.
     *
     * @return whether every group is stopped: only then does the guard tell the peers they may start them
     */
    public boolean releaseRunning() throws StartupException {
        ResourceFactory.Result built = buildResources();
        manageGroups(built, GroupRuntime.create(fencer, (group, reason) -> LOG.error("group {}: {}", group, reason),
                ticker));
        Set<String> running = foundRunning(built, Set.of());
        LOG.warn("node {}: the agent is gone; releasing {}", config.localNode(), running);
        List<CompletableFuture<GroupSnapshot>> stops = running.stream().map(group -> groups.group(group).orElseThrow()
                .stop("the agent is gone: releasing what it left running")).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(stopBudget().toMillis(), TimeUnit.MILLISECONDS);
            List<String> left = stops.stream().map(CompletableFuture::join).filter(LocalGroups::mayRunHere)
                    .map(GroupSnapshot::name).toList();
            if (!left.isEmpty()) {
                LOG.error("node {}: {} not stopped (blocked: a stop failed and fencing returned)", config.localNode(),
                        left);
                return false;
            }
            LOG.info("node {}: released {}", config.localNode(), running);
            return true;
        } catch (Exception e) {
            LOG.error("not every group stopped cleanly: {}", e.toString());
            return false;
        } finally {
            groups.close();
        }
    }

    private ResourceFactory.Result buildResources() throws StartupException {
        ResourceFactory.Result built = new ResourceFactory(resolver, context).create(config.groups());
        if (!built.complete()) {
            throw new StartupException(String.join("\n", built.problems().stream().filter(ConfigProblem::isError)
                    .map(ConfigProblem::toString).toList()));
        }
        built.problems().forEach(warning -> LOG.warn("{}", warning));
        return built;
    }

    /** A manager for every group; nothing is asked of the resources yet. */
    private void manageGroups(ResourceFactory.Result built, GroupRuntime runtime) {
        List<GroupManager> managers = new ArrayList<>();
        for (ResourceGroup group : config.groups()) {
            managers.add(new GroupManager(new GroupResources(group.id(), group.preferredNode(),
                    built.agents().get(group.id())), config.settings().groups(), runtime));
        }
        groups = new LocalGroups(managers);
    }

    /** The groups whose resources already run here (an agent restarted under them), refused ones aside. */
    private Set<String> foundRunning(ResourceFactory.Result built, Set<String> refused) {
        Set<String> running = new HashSet<>();
        for (ResourceGroup group : config.groups()) {
            if (!refused.contains(group.id()) && anyRunning(built.agents().get(group.id()))) {
                running.add(group.id());
            }
        }
        return running;
    }

    /** Told around each reload whose files were good: the daemon's log settings and its guard's addresses. */
    @FunctionalInterface
    public interface ReloadWatch {
        /** Before anything of {@code running} changes towards {@code next}. */
        default void applying(ClusterConfig running, ClusterConfig next) {
        }

        /** The reload ended and the agent runs {@code running}: a new configuration when {@code changed}. */
        void ended(ClusterConfig running, boolean changed);
    }

    /**
     * How the agent reads its files again, as the daemon and the harness load them; until told, it takes them as
     * unchanged.
     */
    public void readsConfigurationWith(Supplier<ConfigLoader.Result> reader, ReloadWatch watch) {
        this.onDisk = reader;
        this.reloadWatch = watch;
    }

    /**
     * Reads the configuration files again and applies what changed ({@link ConfigReload}), as SIGHUP,
     * {@code systemctl reload heartbeat} and {@code hbctl config reload} ask; one at a time.
     */
    public synchronized ReloadOutcome reload() {
        if (reloading == null || closing) {
            String why = "the agent is " + (closing ? "shutting down" : "starting") + ": nothing reloaded";
            LOG.warn("configuration not reloaded: {}", why);
            return new ReloadOutcome(false, List.of(why), config);
        }
        ConfigLoader.Result read = onDisk.get();
        read.config().ifPresent(next -> reloadWatch.applying(config, next));
        ReloadOutcome outcome = reloading.reload(config, read);
        boolean changed = outcome.config() != config;
        if (changed) {
            config = outcome.config();
            control.reconfigured(config);
        }
        if (read.config().isPresent()) {
            reloadWatch.ended(config, changed);
        }
        if (changed) {
            sealGuardWords();
        }
        return outcome;
    }

    /**
     * Who keeps the words this agent's guard sends its peers once the agent is gone without stopping its groups
     * ({@link GuardWords}), sealed on every link: told before the node joins, and again after a reload that changed
     * the configuration (the release's bound follows the groups).
     */
    public void sealsGuardWordsFor(Consumer<List<SealedAhead>> guard) {
        this.guardWords = guard;
    }

    private void sealGuardWords() {
        guardWords.accept(membership.sealAhead(GuardWords.all(generation, releaseBound())));
    }

    /** Before anything else: a node that cannot tell its peers it restarted must not start at all. */
    private long raiseGeneration() throws StartupException {
        Path file = config.settings().transport().generationFile();
        try {
            return Generation.raise(file, clock);
        } catch (IOException e) {
            throw new StartupException("cannot raise this node's generation in " + file + " (transport.generation-file):"
                    + " " + e.getMessage());
        }
    }

    /** The groups this node must not run, from the plugins' startup checks, each with the check's reason. */
    private Map<String, String> runStartupChecks() throws StartupException {
        List<ResourceSpec> specs = config.groups().stream().flatMap(group -> group.resources().stream())
                .map(ConfiguredResource::spec).toList();
        Map<ResourceSpec, String> refusedResources = new LinkedHashMap<>();
        for (StartupCheck check : startupChecks) {
            try {
                refusedResources.putAll(check.run(specs, context));
            } catch (StartupCheck.StartupCheckException e) {
                throw new StartupException(e.getMessage());
            }
        }
        Map<String, String> refused = new LinkedHashMap<>();
        for (ResourceGroup group : config.groups()) {
            for (ConfiguredResource resource : group.resources()) {
                String reason = refusedResources.get(resource.spec());
                if (reason != null) {
                    LOG.error("group {} will not run on this node: {}", group.id(), reason);
                    refused.merge(group.id(), reason, (earlier, later) -> earlier + "; " + later);
                }
            }
        }
        return refused;
    }

    private boolean anyRunning(List<Resource> agents) {
        for (Resource agent : agents) {
            Duration timeout = config.settings().groups().timeout(agent, ResourceOperation.STATUS);
            if (agent.status(timeout).outcome() == OperationResult.Outcome.SUCCESS) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands every group over: stops them all here, tells heartbeat 3 peers so (their shutdone), then leaves the cluster
     * so a peer takes them; never leaves while a group may still run here ({@link LocalGroups#stopAllBeforeLeaving}).
     */
    @Override
    public void close() {
        refuseReloads();
        LOG.info("node {} shutting down: stopping every group", config.localNode());
        HeartbeatLog.shuttingDown();
        closeServices();
        stopEveryGroup();
        if (membership != null) {
            membership.shutDone();
        }
        leave();
        HeartbeatLog.shutDown(config.localNode());
    }

    private void stopEveryGroup() {
        startNothingMore();
        if (groups != null) {
            groups.stopAllBeforeLeaving("agent shutting down", config.haCf().timing().keepalive());
            HeartbeatLog.relinquished();
        }
    }

    /** From now on the cluster starts no group here: what it started before is stopped with the rest. */
    private void startNothingMore() {
        try {
            cluster.leaving().get(config.haCf().timing().deadtime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("node {}: the cluster loop did not note the shutdown within deadtime; stopping every group"
                    + " anyway", config.localNode());
        }
    }

    /**
     * Leaves for a restart in place: every group keeps running here, the peers are told to start none of them
     * elsewhere for {@code backWithin} (and, should the node not be back, for the stop budget after it, while its
     * guard releases them), and the next agent adopts them. A peer that has not noted the restart within deadtime
     * would take the groups over as soon as this node leaves: then every group is stopped first, as a stop does.
     *
     * @return whether the groups were left running
     */
    public boolean closeForRestart(Duration backWithin) {
        refuseReloads();
        LOG.info("node {} restarting in place: every group keeps running", config.localNode());
        closeServices();
        boolean noted = groups == null || membership == null || peersNoteRestart(backWithin);
        if (!noted) {
            LOG.error("node {}: not every peer noted the restart within deadtime; stopping every group instead",
                    config.localNode());
            stopEveryGroup();
        }
        leave();
        return noted;
    }

    private boolean peersNoteRestart(Duration backWithin) {
        try {
            cluster.restartingInPlace(backWithin, releaseBound()).get(config.haCf().timing().deadtime().toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits for a reload under way to end; none starts from now on. */
    private synchronized void refuseReloads() {
        closing = true;
    }

    private void closeServices() {
        if (ping != null) {
            ping.close();
        }
        if (respawner != null) {
            respawner.close();
        }
        if (control != null) {
            control.close();
        }
    }

    /** Leaves the cluster and ends the group managers, whatever their resources are doing. */
    private void leave() {
        cluster.close();
        if (membership != null) {
            membership.close();
        }
        if (groups != null) {
            groups.close();
        }
    }

    /**
     * How long handing every group over at shutdown may take when every operation runs to its time limit (what may run
     * on a group's thread before its stop included): what the service manager must wait for before it counts the stop
     * as hung; {@link org.jheartbeat.agent.group.OperationTimeouts#UNBOUNDED} when a site's script has no time limit.
     * Known once started.
     */
    public Duration shutdownBudget() {
        return groups == null ? Duration.ZERO : groups.shutdownBound();
    }

    /**
     * How long the guard's release of what this agent leaves running may take, from the moment the agent is gone: the
     * release is a JVM that starts first (seconds; a minute leaves room on a loaded machine), then the stop budget.
     */
    private Duration releaseBound() {
        Duration bound = stopBudget().plus(GUARD_RELEASE_START);
        return bound.compareTo(OperationTimeouts.UNBOUNDED) >= 0 ? OperationTimeouts.UNBOUNDED : bound;
    }

    /** Groups stop in parallel, each resource after the other: the slowest group's stop time limits, summed. */
    private Duration stopBudget() {
        return groups.stopBound().plus(Duration.ofSeconds(5));
    }
}
