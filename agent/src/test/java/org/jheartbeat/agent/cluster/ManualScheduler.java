package org.jheartbeat.agent.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jheartbeat.agent.membership.HeartbeatThreads;

/** A cluster node's loop and tick run by the test, one step at a time, on the test's own thread. */
final class ManualScheduler implements ClusterScheduler {

    private final Deque<Runnable> queue = new ArrayDeque<>();
    private Runnable tick;
    private boolean closed;

    @Override
    public void execute(Runnable task) {
        if (!closed) {
            queue.add(task);
        }
    }

    @Override
    public void tickEvery(Duration period, HeartbeatThreads thread, Runnable keepaliveTick) {
        thread.prepareCurrentThread();
        this.tick = keepaliveTick;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }

    /** Runs every queued event, and those they queue, until the loop is idle. */
    void runAll() {
        for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
            task.run();
        }
    }

    /** One keepalive tick, then everything it queued. */
    void tick() {
        tick.run();
        runAll();
    }
}
