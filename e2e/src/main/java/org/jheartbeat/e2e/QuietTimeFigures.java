package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;

/**
 * The benchmark's figures besides the failover: how fast the agent answers a status
 * query (heartbeat's {@code cl_status rscstatus} on both agents, and jheartbeat's {@code hbctl status}); and after
 * the failover a graceful handover back ({@code hb_standby} on the new owner). Times include entering the node's
 * namespaces with nsenter (a few milliseconds), the same for both agents.
 */
final class QuietTimeFigures {

    private static final int STATUS_QUERIES = 10;
    private static final Duration HANDOVER_WAIT = Duration.ofSeconds(60);

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

    /**
     * After the failover: alpha powered on again and seen by beta, then hb_standby on beta, timed until alpha holds the
     * address and until the client's NFS read succeeds again.
     */
    static String handoverBack(ClusterLab cluster, ClientView client) throws Exception {
        cluster.powerOn("alpha");
        boolean joined = cluster.awaitAgentStarted("alpha", HANDOVER_WAIT) && Await.condition(HANDOVER_WAIT,
                () -> cluster.heartbeatCommand("beta", "cl_status", "nodestatus", "alpha").stdout().strip().equals("active"));
        if (!joined) {
            return "n/a (alpha did not rejoin)";
        }
        long asked = System.nanoTime();
        CommandResult standby = cluster.heartbeatCommand("beta", "hb_standby");
        if (!standby.succeeded()) {
            return "hb_standby failed: " + standby.describe();
        }
        if (!Await.condition(HANDOVER_WAIT, () -> cluster.vipHolders().equals(List.of("alpha")))) {
            return "n/a (VIP never on alpha)";
        }
        long vip = Await.millisSince(asked);
        String read = client.readFileWithin("bench.txt", HANDOVER_WAIT);
        return "VIP " + vip + " ms, NFS read " + (read == null ? "n/a" : Await.millisSince(asked) + " ms");
    }
}
