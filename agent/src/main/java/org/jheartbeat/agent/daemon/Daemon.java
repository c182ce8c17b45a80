package org.jheartbeat.agent.daemon;

import com.google.common.collect.Sets;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jheartbeat.agent.commandline.ConfigOptions;
import org.jheartbeat.agent.commandline.JheartbeatVersion;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.logging.LogSetup;
import org.jheartbeat.agent.membership.LinkPlan;
import org.jheartbeat.agent.plugins.Plugins;
import org.jheartbeat.resource.ResourcePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code jheartbeat}: the agent. Runs in the foreground until SIGTERM, then hands its groups over and leaves.
 * Exit codes as an LSB daemon's: 0 stopped cleanly, 1 another agent runs on this node (this one touched nothing) or
 * failed while running, 6 not configured (the reason, with file and line, goes to standard error and the log).
 */
@Command(name = "jheartbeat", mixinStandardHelpOptions = true, versionProvider = JheartbeatVersion.class,
        description = "The jheartbeat cluster agent (heartbeat v1 compatible).")
public final class Daemon implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final int ALREADY_RUNNING = 1;
    static final int NOT_CONFIGURED = 6;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--release", description = "Stop every group whose resources run on this node, then exit "
            + "(what the agent's guard runs when the agent is gone); joins nothing.")
    private boolean release;

    @Spec
    private CommandSpec spec;

    /** Set by a SIGHUP before the agent runs: the reload it asks for is made once the agent runs. */
    private static final AtomicBoolean HANGUP_WHILE_STARTING = new AtomicBoolean();

    /** Whether this process was started with SIGHUP ignored (nohup): the JVM then takes no handler for it. */
    private static boolean hangupIgnored;

    public static void main(String[] args) {
        // First of all: the JVM ends on a SIGHUP nobody handles, and an init script's reload may come at any moment.
        hangupIgnored = Signal.handle(new Signal("HUP"), signal -> HANGUP_WHILE_STARTING.set(true))
                == SignalHandler.SIG_IGN;
        System.exit(new CommandLine(new Daemon()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ConfigSources sources = configOptions.sources();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ConfigLoader.Result result = new ConfigLoader(classLoader).load(sources);
        result.warnings().forEach(warning -> LOG.warn("{}", warning));
        if (result.config().isEmpty()) {
            return refuse(result.errors().stream().map(ConfigProblem::toString).toList());
        }
        ClusterConfig config = result.config().get();
        LogSetup.system().apply(config.haCf().logging(), config.localNode());
        if (hangupIgnored) {
            LOG.warn("SIGHUP is ignored in this process (started under nohup?): a SIGHUP reloads nothing here; "
                    + "hbctl config reload does");
        }
        List<ResourcePlugin> plugins;
        try {
            plugins = Plugins.discover(classLoader);
        } catch (Plugins.PluginException e) {
            return refuse(List.of(e.getMessage()));
        }
        // Before anything reads a resource's state or joins: a second agent must leave the first one's alone.
        Path lockFile = AgentLock.file(config.settings().controlSocket());
        ServiceNotifier systemd = ServiceNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        if (!release) {
            AgentGuard.awaitRelease(lockFile.getParent(), what -> systemd.waiting(what, Duration.ofSeconds(30)));
        }
        AgentLock lock;
        try {
            lock = AgentLock.take(lockFile);
        } catch (AgentLock.HeldException e) {
            LOG.error("{}; this one exits without touching anything", e.getMessage());
            new PrintWriter(System.err, true).println("jheartbeat not started: " + e.getMessage());
            return ALREADY_RUNNING;
        } catch (IOException e) {
            return refuse(List.of("cannot take the agent's lock: " + e.getMessage()));
        }
        Path runDirectory = lock.directory();
        if (release) {
            return releaseRunning(NodeAgent.assemble(config, plugins, NodeEnvironment.machine()), lock);
        }
        RestartInPlace restart = new RestartInPlace(runDirectory);
        Optional<AgentGuard> guard;
        try {
            restart.forgetStaleRequest();
            // Before the claim: an agent killed after it claimed the previous agent's groups leaves them to its guard.
            guard = AgentGuard.start(Optional.ofNullable(System.getProperty("jheartbeat.guard")).map(Path::of),
                    runDirectory, LinkPlan.managedAddresses(config.groups()), spec.commandLine().getParseResult()
                            .originalArgs());
        } catch (IOException e) {
            return refuse(List.of("cannot prepare the restart files or the guard in " + runDirectory + ": "
                    + e.getMessage()));
        }
        AgentLife life = new AgentLife(restart, guard, systemd, config.settings().restartGrace());
        // Before the claim too: a stop at any moment of the start-up stops what the start-up took over.
        Runtime.getRuntime().addShutdownHook(new Thread(life::stop, "shutdown"));
        if (config.haCf().realtime()) {
            Realtime.lockMemory().ifPresent(why -> LOG.warn("realtime on, but memory stays unlocked ({}): heartbeats "
                    + "may be delayed by paging", why));
        }
        NodeAgent agent;
        try {
            agent = life.start(() -> {
                NodeAgent assembled = NodeAgent.assemble(config, plugins, NodeEnvironment.machine());
                assembled.readsConfigurationWith(() -> new ConfigLoader(classLoader).load(sources),
                        new ReloadSettings(guard));
                guard.ifPresent(watching -> assembled.sealsGuardWordsFor(watching::sends));
                return assembled;
            });
        } catch (NodeAgent.StartupException e) {
            return refuse(List.of(e.getMessage()));
        }
        reloadOnHangup(agent);
        if (HANGUP_WHILE_STARTING.get()) {
            reload(agent, "SIGHUP during the start: reading the configuration files again");
        }
        // Opened once the agent runs: the start-up (startup checks, first status probes) may outlast its timer.
        WatchdogDevice.open(config.haCf().watchdog(), config.haCf().timing().deadtime()).ifPresent(device -> {
            life.feeds(device);
            agent.cluster().feedEveryKeepalive(device::feed);
        });
        if (systemd.watchdogEnabled()) {
            LOG.info("systemd's watchdog is fed at every keepalive; its timeout is now deadtime");
            agent.cluster().feedEveryKeepalive(systemd::alive);
        }
        systemd.ready("node " + config.localNode() + ": " + config.groups().size() + " groups, links "
                + agent.membership().linkMembers().keySet(), config.haCf().timing().deadtime());
        life.awaitStopped();
        // Held to the end: a collected lock's channel would close, and closing it unlocks.
        Reference.reachabilityFence(lock);
        return 0;
    }

    /**
     * What a reload changes outside the agent: the log settings, and the addresses the guard releases should the agent
     * die (while the reload applies, those of both configurations: a changed group may start on the new ones before
     * the reload ends).
     */
    private record ReloadSettings(Optional<AgentGuard> guard) implements NodeAgent.ReloadWatch {

        @Override
        public void applying(ClusterConfig running, ClusterConfig next) {
            guard.ifPresent(watching -> watching.releases(Sets.union(LinkPlan.managedAddresses(running.groups()),
                    LinkPlan.managedAddresses(next.groups()))));
        }

        @Override
        public void ended(ClusterConfig running, boolean changed) {
            if (changed) {
                LogSetup.system().apply(running.haCf().logging(), running.localNode());
            }
            guard.ifPresent(watching -> watching.releases(LinkPlan.managedAddresses(running.groups())));
        }
    }

    /** Exit 0 once every group is stopped here, which the guard then tells the peers; 1 otherwise. */
    private static int releaseRunning(NodeAgent agent, AgentLock lock) {
        try {
            return agent.releaseRunning() ? 0 : 1;
        } catch (NodeAgent.StartupException e) {
            LOG.error("cannot release this node's groups: {}", e.getMessage());
            return 1;
        } finally {
            Reference.reachabilityFence(lock);
        }
    }

    /**
     * SIGHUP reloads the configuration, as heartbeat's {@code -r} and its init script's reload send it, where the JVM
     * would end on it. The outcome goes to the log; {@code hbctl config reload} also prints it.
     */
    private static void reloadOnHangup(NodeAgent agent) {
        Signal.handle(new Signal("HUP"), signal -> reload(agent, "SIGHUP: reading the configuration files again"));
    }

    private static void reload(NodeAgent agent, String why) {
        new Thread(() -> {
            LOG.info(why);
            agent.reload();
        }, "reload").start();
    }

    private static int refuse(List<String> reasons) {
        PrintWriter err = new PrintWriter(System.err, true);
        for (String reason : reasons) {
            LOG.error("{}", reason);
            err.println(reason);
        }
        err.println("jheartbeat not started: fix the configuration above (hbctl config check shows it all)");
        return NOT_CONFIGURED;
    }
}
