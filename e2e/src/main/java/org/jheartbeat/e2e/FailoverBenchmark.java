package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * scripts/benchmark.sh: jheartbeat against heartbeat 3.0.6 on the same simulated nodes, the same ha.cf (classic
 * keepalive 2 / deadtime 10 and fast 200ms / 1 s) and the same group (address, ext3 filesystem, NFS-Ganesha with a
 * 5 s grace period). Each run builds a fresh cluster, lets alpha serve until both agents are past initdead, pulls
 * alpha's plug and times the client: first ping reply from the address once beta holds it, first successful NFS read
 * of a file written before. Prints a table of
 * min / median / max, and from each configuration's first run the idle footprint, status query latency and a graceful
 * handover ({@link QuietTimeFigures}). Arguments: JHEARTBEAT_HOME [RUNS] (default 5).
 */
public final class FailoverBenchmark {

    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(60);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

    private record Timing(String label, String keepalive, String deadtime, String warntime, String initdead) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FailoverBenchmark JHEARTBEAT_HOME [RUNS]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Timing> timings = List.of(new Timing("keepalive 2, deadtime 10", "2", "10", "5", "20"),
                new Timing("keepalive 200ms, deadtime 1", "200ms", "1", "500ms", "2"));
        StringBuilder table = new StringBuilder("""
                | agent | ha.cf | power-on → NFS served (ms) | failure → VIP answers ping (ms) | failure → NFS read succeeds (ms) | RSS (anonymous) alpha / beta, idle | CPU alpha / beta, idle |
                |---|---|---|---|---|---|---|
                """);
        StringBuilder quiet = new StringBuilder("""
                | agent | ha.cf | status query (ms, 10 queries) | graceful handover back: hb_standby on beta → VIP on alpha, → NFS read |
                |---|---|---|---|
                """);
        for (Timing timing : timings) {
            for (Agent agent : List.of(Agent.JHEARTBEAT, Agent.HEARTBEAT)) {
                ClusterSetup setup = new ClusterSetup(agent, timing.keepalive(), timing.deadtime(), timing.warntime(),
                        timing.initdead(), false, EnumSet.of(Service.FILESYSTEM, Service.NFS));
                table.append(measure(setup, timing.label(), home, runs, quiet)).append('\n');
                System.out.println(table);
                System.out.println(quiet);
            }
        }
        System.out.println("min / median / max over " + runs + " runs each; a fresh cluster per run.");
    }

    private static String agentName(ClusterSetup setup) {
        return setup.agent() == Agent.JHEARTBEAT ? "jheartbeat" : "heartbeat 3.0.6";
    }

    private static String measure(ClusterSetup setup, String label, Path home, int runs, StringBuilder quiet)
            throws Exception {
        Figures started = new Figures();
        Figures vip = new Figures();
        Figures nfs = new Figures();
        String footprint = "n/a";
        for (int run = 1; run <= runs; run++) {
            try (ClusterLab cluster = ClusterLab.create(setup, home)) {
                ClientView client = new ClientView(cluster);
                long powerOn = System.nanoTime();
                cluster.powerOn("alpha");
                boolean up = cluster.awaitAgentStarted("alpha", START_WAIT);
                long betaOn = System.nanoTime();
                cluster.powerOn("beta");
                up = up && cluster.awaitAgentStarted("beta", START_WAIT)
                        && Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                        && client.groupAnswers());
                if (!up || !client.writeFileWithin("bench.txt", "written before the failure\n", RECOVERY_WAIT)) {
                    System.out.printf("%s %s run %d: alpha never served%n%s%n", setup.agent(), label, run,
                            cluster.describe());
                    started.missed();
                    continue;
                }
                started.add(Await.millisSince(powerOn));
                String statusLatency = "";
                if (run == 1) {
                    statusLatency = QuietTimeFigures.statusLatency(cluster);
                    AgentFootprint alpha = AgentFootprint.measure(cluster.node("alpha"), IDLE_WINDOW);
                    AgentFootprint beta = AgentFootprint.measure(cluster.node("beta"), IDLE_WINDOW);
                    footprint = String.format("%.0f (%.0f) / %.0f (%.0f) MiB | %.2f / %.2f %%", alpha.rssKiB() / 1024.0,
                            alpha.anonymousKiB() / 1024.0, beta.rssKiB() / 1024.0, beta.anonymousKiB() / 1024.0,
                            alpha.cpuPercent(), beta.cpuPercent());
                }
                // Steady state: both agents past initdead (a node alone within initdead of its start waits for peers).
                long steady = betaOn + setup.initdeadTime().plusSeconds(1).toNanos() - System.nanoTime();
                Thread.sleep(Math.max(1_000, steady / 1_000_000));
                FailoverProbe failover = FailoverProbe.powerOff(cluster, "alpha", ClusterLab.VIP, RECOVERY_WAIT);
                failover.answersMillis().ifPresentOrElse(vip::add, vip::missed);
                String read = client.readFileWithin("bench.txt", RECOVERY_WAIT);
                if (read == null) {
                    nfs.missed();
                } else {
                    nfs.add(Await.millisSince(failover.failureNanos()));
                }
                if (run == 1) {
                    quiet.append(String.format("| %s | %s | %s | %s |%n", agentName(setup), label, statusLatency,
                            QuietTimeFigures.handoverBack(cluster, client)));
                }
                System.out.printf("%s %s run %d done%n", setup.agent(), label, run);
            }
        }
        return "| " + agentName(setup) + " | " + label + " | " + started.summary() + " | " + vip.summary() + " | " + nfs.summary()
                + " | " + footprint + " |";
    }
}
