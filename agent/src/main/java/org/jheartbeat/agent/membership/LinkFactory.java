package org.jheartbeat.agent.membership;

import java.util.List;

/**
 * Builds this node's links to its peers when the agent starts: one per ha.cf medium on a real node
 * ({@link MediaLinks}), a shared in-memory loopback for nodes simulated in one JVM.
 */
@FunctionalInterface
public interface LinkFactory {

    /**
     * @param generation this run of the agent ({@link Generation}), which the links' packets carry
     * @param threads     what each thread of a link does first
     */
    List<Membership.Link> links(long generation, HeartbeatThreads threads) throws Exception;
}
