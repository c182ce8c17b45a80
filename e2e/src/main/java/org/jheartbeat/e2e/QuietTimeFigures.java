package org.jheartbeat.e2e;

import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;

/**
 * The benchmark's figures besides the takeovers: how fast the agent answers a status query (heartbeat's
 * {@code cl_status rscstatus} on both agents, and jheartbeat's {@code hbctl status}). Times include entering the
 * node's namespaces with nsenter (a few milliseconds), the same for both agents.
 */
final class QuietTimeFigures {

    private static final int STATUS_QUERIES = 10;

    private QuietTimeFigures() {
    }

    static String statusLatency(ClusterLab cluster) {
        Figures clStatus = new Figures();
        Figures hbctl = new Figures();
        for (int query = 0; query < STATUS_QUERIES; query++) {
            long start = System.nanoTime();
            CommandResult answer = cluster.heartbeatCommand("alpha", "cl_status", "rscstatus");
            record(clStatus, answer, start);
            if (cluster.setup().agent() == Agent.JHEARTBEAT) {
                start = System.nanoTime();
                record(hbctl, cluster.hbctl("alpha", "status"), start);
            }
        }
        return "cl_status rscstatus " + clStatus.summary()
                + (cluster.setup().agent() == Agent.JHEARTBEAT ? "; hbctl status " + hbctl.summary() : "");
    }

    private static void record(Figures figures, CommandResult answer, long start) {
        if (answer.succeeded()) {
            figures.add(Await.millisSince(start));
        } else {
            figures.missed();
        }
    }
}
