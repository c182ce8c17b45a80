package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jheartbeat.agent.membership.HeartbeatThreads;

/**
 * Where a cluster node's work runs: its events one after another on one loop, in arrival order, and its
 * keepalive tick on a thread of its own (so that after a freeze whichever of the two runs first notices it).
 * The agent runs both on threads ({@link #threads}); unit tests run them by hand, one step at a time.
 */
public interface ClusterScheduler {

    /** Queues {@code task} on the loop after those already queued; once closed, drops it. */
    void execute(Runnable task);

    /** Calls {@code tick} every {@code period} on the tick's thread, which {@code thread} prepares first. */
    void tickEvery(Duration period, HeartbeatThreads thread, Runnable tick);

    /** Stops both; queued tasks are dropped. */
    void close();

    /** The loop and the tick, each on a daemon thread named after the node. */
    static ClusterScheduler threads(String node) {
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(task -> daemon(task,
                "cluster-" + node));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> daemon(task,
                "ticker-" + node));
        return new ClusterScheduler() {
            @Override
            public void execute(Runnable task) {
                try {
                    loop.execute(task);
                } catch (RejectedExecutionException closed) {
                    // The node is shutting down: what happens to it now no longer matters.
                }
            }

            @Override
            public void tickEvery(Duration period, HeartbeatThreads thread, Runnable tick) {
                ticker.execute(thread::prepareCurrentThread);
                ticker.scheduleAtFixedRate(tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                ticker.shutdownNow();
                loop.shutdownNow();
            }
        };
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
