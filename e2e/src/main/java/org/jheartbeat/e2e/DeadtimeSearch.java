package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jheartbeat.e2e.ClusterSetup.Agent;

/**
 * {@code scripts/benchmark.sh deadtime}: the fastest failure detection each agent holds without false failovers, on
 * the two-node harness with an address-only group. For jheartbeat and heartbeat 3.0.6 alike, ha.cf's timing is
 * stepped down ({@link #STEPS}); at each step a fresh cluster settles and is left alone for WINDOW seconds in a
 * {@link QuietWindow}. The first step with a false failover ends the search for that agent, and its log lines say
 * what broke; at the fastest quiet step the failover (power loss → the address answers the client's ping from the
 * peer) is timed over RUNS fresh clusters. With {@code load}, every core is kept busy by a spinning process for
 * the whole search (the agents compete for CPU as on a loaded server); {@code jheartbeat} or {@code heartbeat}
 * searches for that agent only.
 * Arguments: JHEARTBEAT_HOME [WINDOW_SECONDS] [RUNS] [load] [jheartbeat|heartbeat].
 */
public final class DeadtimeSearch {

    /** warntime is half of deadtime (above keepalive at every step); initdead stays 2 s. */
    private record Step(String keepalive, String deadtime, String warntime) {

        ClusterSetup setup(Agent agent) {
            return new ClusterSetup(agent, keepalive, deadtime, warntime, "2", false, Set.of());
        }

        String label() {
            return "keepalive " + keepalive + ", deadtime " + deadtime;
        }
    }

    private static final List<Step> STEPS = List.of(new Step("200ms", "1", "500ms"),
            new Step("100ms", "500ms", "250ms"), new Step("40ms", "200ms", "100ms"), new Step("20ms", "100ms", "50ms"),
            new Step("10ms", "50ms", "25ms"), new Step("5ms", "25ms", "13ms"));
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(30);

    private DeadtimeSearch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DeadtimeSearch JHEARTBEAT_HOME [WINDOW_SECONDS] [RUNS] [load] [jheartbeat|heartbeat]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 180);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> options = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        boolean load = options.contains("load");
        List<Agent> agents = options.contains("heartbeat") ? List.of(Agent.HEARTBEAT)
                : options.contains("jheartbeat") ? List.of(Agent.JHEARTBEAT) : List.of(Agent.JHEARTBEAT, Agent.HEARTBEAT);
        for (String option : options) {
            if (!List.of("load", "jheartbeat", "heartbeat").contains(option)) {
                throw new IllegalArgumentException("DeadtimeSearch: unknown option " + option
                        + " (load, jheartbeat or heartbeat)");
            }
        }
        try (CpuHog hog = load ? CpuHog.everyCore() : CpuHog.none()) {
            StringBuilder steps = new StringBuilder("| agent | ha.cf | address samples | address left its holder |"
                    + " log lines: signs of a false failure | verdict |\n|---|---|---|---|---|---|\n");
            StringBuilder answers = new StringBuilder("| agent | fastest quiet ha.cf | failure → address answers ping"
                    + " (ms, min / median / max) | first too-fast step: what broke |\n|---|---|---|---|\n");
            for (Agent agent : agents) {
                answers.append(search(agent, home, window, runs, steps)).append('\n');
                System.out.println(steps);
                System.out.println(answers);
            }
            System.out.printf("%d s quiet window per step, address sampled every %d ms; %d failover runs, a fresh"
                    + " cluster each%s.%n", window.toSeconds(), SAMPLE_EVERY.toMillis(), runs,
                    load ? "; every core kept busy by a spinning process throughout" : "");
        }
    }

    private static String search(Agent agent, Path home, Duration window, int runs, StringBuilder table)
            throws Exception {
        Step fastest = null;
        String broke = "none within the steps tried";
        for (Step step : STEPS) {
            ClusterSetup setup = step.setup(agent);
            QuietWindow.Report report;
            try (ClusterLab cluster = ClusterLab.create(setup, home)) {
                if (!settle(cluster)) {
                    String tail = cluster.describe();
                    table.append(row(agent, step, "did not settle", "", "", "**broke**"));
                    System.out.println(step.label() + ": the cluster did not settle\n" + tail);
                    broke = step.label() + ": did not settle (see the printed log tails)";
                    break;
                }
                try (QuietWindow watch = QuietWindow.open(cluster, SAMPLE_EVERY)) {
                    Thread.sleep(window.toMillis());
                    report = watch.report();
                }
                if (!report.isQuiet() && report.failureLines() == 0) {
                    // It broke before the window opened (while waiting out initdead): the log tails say how.
                    System.out.println(step.label() + ": an address was off its node from the start\n"
                            + cluster.describe());
                }
            }
            table.append(row(agent, step, Integer.toString(report.samples()), Integer.toString(report.episodeCount()),
                    report.signSummary(), report.isQuiet() ? "quiet" : "**false failover**"));
            System.out.println(agentName(agent) + ", " + step.label() + ": " + (report.isQuiet() ? "quiet" : "broke"));
            report.firstLines().forEach(line -> System.out.println("    " + line));
            if (!report.isQuiet()) {
                broke = step.label() + ": " + String.join(" / ", report.firstLines().subList(0,
                        Math.min(3, report.firstLines().size())));
                break;
            }
            fastest = step;
        }
        if (fastest == null) {
            return "| " + agentName(agent) + " | none | n/a | " + broke + " |";
        }
        Figures failover = new Figures();
        for (int run = 1; run <= runs; run++) {
            try (ClusterLab cluster = ClusterLab.create(fastest.setup(agent), home)) {
                if (!settle(cluster)) {
                    failover.missed();
                    continue;
                }
                FailoverProbe.powerOff(cluster, "alpha", ClusterLab.VIP, FAILOVER_WAIT).answersMillis()
                        .ifPresentOrElse(failover::add, failover::missed);
            }
        }
        return "| " + agentName(agent) + " | " + fastest.label() + " | " + failover.summary() + " | " + broke + " |";
    }

    /**
     * Powers alpha then beta on and waits until alpha holds the address and each sees the other, then until both
     * are past initdead (a node within initdead of its start waits before taking over); false when the cluster did
     * not get there. Whatever happens to the address during the initdead wait shows in the quiet window's first
     * sample.
     */
    private static boolean settle(ClusterLab cluster) throws Exception {
        if (cluster.powerOnOneByOne(START_WAIT).isEmpty()) {
            return false;
        }
        long lastStarted = System.nanoTime();
        boolean settled = Await.condition(START_WAIT, () -> cluster.holdsEveryGroupOnItsPreferredNode()
                && seesPeer(cluster, "alpha", "beta") && seesPeer(cluster, "beta", "alpha"));
        long left = lastStarted + cluster.setup().initdeadTime().plusSeconds(1).toNanos() - System.nanoTime();
        Thread.sleep(Math.max(0, left / 1_000_000));
        return settled;
    }

    private static boolean seesPeer(ClusterLab cluster, String node, String peer) {
        return cluster.heartbeatCommand(node, "cl_status", "nodestatus", peer).stdout().strip().equals("active");
    }

    private static String row(Agent agent, Step step, String samples, String episodes, String signs, String verdict) {
        return "| " + agentName(agent) + " | " + step.label() + " | " + samples + " | " + episodes + " | " + signs
                + " | " + verdict + " |\n";
    }

    private static String agentName(Agent agent) {
        return agent == Agent.JHEARTBEAT ? "jheartbeat" : "heartbeat 3.0.6";
    }
}
