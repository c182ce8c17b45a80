package org.jheartbeat.agent.membership;

import org.jgroups.util.LazyThreadFactory;

/** JGroups' own thread factory (the one a transport makes for itself), with each new thread prepared first. */
final class PreparedThreadFactory extends LazyThreadFactory {

    private final HeartbeatThreads threads;

    PreparedThreadFactory(HeartbeatThreads threads) {
        super("jgroups", false, true);
        this.threads = threads;
    }

    /** Every other newThread of the factory ends up here. */
    @Override
    public Thread newThread(Runnable task, String name) {
        return super.newThread(() -> {
            threads.prepareCurrentThread();
            task.run();
        }, name);
    }
}
