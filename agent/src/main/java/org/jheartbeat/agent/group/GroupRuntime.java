package org.jheartbeat.agent.group;

import com.google.common.base.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What all group managers of a node share.
 *
 * @param fencer     called when a stop fails or times out
 * @param listener   hears releases and state changes of every group
 * @param clock      stamps states and failures
 * @param ticker     the monotonic clock the restart window is measured on
 * @param operations runs agent operations so that the manager can stop waiting for one that overruns
 */
public record GroupRuntime(org.jheartbeat.resource.Fencer fencer, GroupListener listener, Clock clock,
                           Ticker ticker, ExecutorService operations) {

    public GroupRuntime {
        Objects.requireNonNull(fencer, "fencer");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(operations, "operations");
    }

    /** With the system's wall clock and a pool of daemon threads that grows with the number of running operations. */
    public static GroupRuntime create(org.jheartbeat.resource.Fencer fencer, GroupListener listener, Ticker ticker) {
        return new GroupRuntime(fencer, listener, Clock.systemUTC(), ticker, Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "resource-operation");
            thread.setDaemon(true);
            return thread;
        }));
    }
}
