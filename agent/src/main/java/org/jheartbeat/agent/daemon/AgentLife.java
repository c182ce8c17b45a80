package org.jheartbeat.agent.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's start and stop, whenever the stop comes. A stop (SIGTERM, or the exit after a failed start) waits for
 * the start-up to end, so that every group the agent took over (the groups a restart in place left, claimed from
 * {@link RestartInPlace}, and any found running) is in its hands when it stops them: stopped here and handed over,
 * or left for the next agent when the stop is a restart. A start that failed after claiming a restart says no word to
 * its guard, which then releases whatever still runs here; otherwise the groups the claim took over would be left
 * running with nobody to release them.
 */
final class AgentLife {

    private static final Logger LOG = LoggerFactory.getLogger(AgentLife.class);

    /** How the start-up ended: the agent (when it was assembled), whether it runs, whether it claimed a restart. */
    private record Startup(Optional<NodeAgent> agent, boolean running, boolean claimed) {
    }

    private final RestartInPlace restart;
    private final Optional<AgentGuard> guard;
    private final ServiceNotifier systemd;
    private final Duration grace;
    private final CompletableFuture<Startup> startup = new CompletableFuture<>();
    private final List<WatchdogDevice> watchdog = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param grace how long a restart in place leaves the next agent to come back */
    AgentLife(RestartInPlace restart, Optional<AgentGuard> guard, ServiceNotifier systemd, Duration grace) {
        this.restart = restart;
        this.guard = guard;
        this.systemd = systemd;
        this.grace = grace;
    }

    /**
     * Claims what a restart in place left, assembles the agent and starts it; a stop that came meanwhile waits for
     * this to end. Call once, after {@link #stop} is the shutdown hook.
     */
    NodeAgent start(Supplier<NodeAgent> assembly) throws NodeAgent.StartupException {
        boolean claimed = false;
        NodeAgent agent = null;
        try {
            claimed = claim();
            agent = assembly.get();
            agent.start();
            startup.complete(new Startup(Optional.of(agent), true, claimed));
            return agent;
        } finally {
            startup.complete(new Startup(Optional.ofNullable(agent), false, claimed));
        }
    }

    private boolean claim() throws NodeAgent.StartupException {
        try {
            boolean claimed = restart.claim();
            if (claimed) {
                LOG.info("the previous agent restarted in place: its groups are adopted where they run");
            }
            return claimed;
        } catch (IOException e) {
            throw new NodeAgent.StartupException("cannot claim the previous agent's restart marker: " + e.getMessage());
        }
    }

    /** A watchdog device fed while the agent runs, closed (with its magic character) when it stops. */
    void feeds(WatchdogDevice device) {
        watchdog.add(device);
    }

    /**
     * The shutdown hook: waits for the start-up to end, then, when the agent runs, restarts it in place (the request
     * left by whoever restarts the service) or stops every group; when its start failed, stops what it adopted and
     * leaves the rest to the guard if it claimed a restart.
     */
    void stop() {
        Startup ended = startup.join();
        if (ended.running()) {
            NodeAgent agent = ended.agent().orElseThrow();
            if (restart.requested()) {
                systemd.stopping("restarting in place: every group keeps running", Duration.ZERO);
                boolean leftRunning = leaveForRestart(agent);
                closeWatchdog();
                guard.ifPresent(watching -> {
                    if (leftRunning) {
                        watching.restarting(grace);
                    } else {
                        watching.stopped();
                    }
                });
            } else {
                systemd.stopping("stopping every group", agent.shutdownBudget());
                agent.close();
                closeWatchdog();
                guard.ifPresent(AgentGuard::stopped);
            }
        } else {
            ended.agent().filter(agent -> agent.groups() != null).ifPresent(NodeAgent::close);
            if (ended.claimed()) {
                guard.ifPresent(watching -> LOG.warn("the start failed after taking over the groups the previous agent"
                        + " left running: the guard releases whatever still runs here"));
            } else {
                guard.ifPresent(AgentGuard::stopped);
            }
        }
        stopped.countDown();
    }

    /** Until the shutdown hook has done its work. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void closeWatchdog() {
        watchdog.forEach(WatchdogDevice::close);
    }

    /** @return whether the groups were left running for the next agent */
    private boolean leaveForRestart(NodeAgent agent) {
        try {
            restart.leaveMarker();
        } catch (IOException e) {
            LOG.error("cannot leave the restart marker ({}): stopping every group instead", e.getMessage());
            agent.close();
            return false;
        }
        if (agent.closeForRestart(grace)) {
            return true;
        }
        try {
            restart.withdrawMarker();
        } catch (IOException e) {
            LOG.warn("cannot take the restart marker back ({}): the next agent finds nothing running all the same",
                    e.getMessage());
        }
        return false;
    }
}
