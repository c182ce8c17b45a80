package org.jheartbeat.agent.membership;

/**
 * What every thread of a link's JGroups stack does before its work: the daemon raises its scheduling priority
 * for ha.cf's {@code realtime on}, so that the threads that send, receive and judge heartbeats keep their pace
 * on a busy machine, as heartbeat's own processes do.
 */
@FunctionalInterface
public interface HeartbeatThreads {

    /** Threads run as they were created. */
    HeartbeatThreads UNCHANGED = () -> { };

    void prepareCurrentThread();
}
