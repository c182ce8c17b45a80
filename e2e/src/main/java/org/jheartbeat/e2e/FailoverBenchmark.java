package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.netns.PingWatch;

/**
 * scripts/benchmark.sh failover: jheartbeat against heartbeat 3.0.6 on the same simulated nodes and the same ha.cf,
 * where the time goes in a failover and in a handover. Each run builds a fresh cluster (ha.cf's logfacility local0,
 * every node's syslog captured with its arrival times, {@link SyslogCapture}), lets alpha serve until both agents are
 * past initdead, then pulls alpha's plug while the client pings the address every 5 ms (iputils' ping -D); once beta
 * serves, alpha is powered on again and {@code hb_standby} on beta hands the group back. Each step is timed from the
 * agents' own log lines ({@link TakeoverLog}) and the client's replies, on the one clock every namespace shares, from
 * the failure (the plug pulled) or from the moment hb_standby was typed: last heartbeat heard, death declared,
 * decision, each resource started, group running, the first reply to the client. The tables give min / median / max
 * over the runs per agent, and the targets from them.
 *
 * <p>Scenarios: {@code fast} (an address-only group, keepalive 200ms / deadtime 1), {@code slow} (the same at the
 * seed's keepalive 2 / deadtime 10), {@code seed} (keepalive 200ms / deadtime 1; jheartbeat with the seed's whole
 * group: address, DRBD stand-in, ext3, NFS-Ganesha, iSCSI; heartbeat with the address, ext3 and Ganesha, all it can
 * run here; plus the NFS client's first read after the failure, each agent's idle footprint and status latency).
 * Arguments: JHEARTBEAT_HOME [RUNS (5)] [SCENARIO...] (all three by default).
 */
public final class FailoverBenchmark {

    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(60);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    private static final Duration PING_INTERVAL = Duration.ofMillis(5);
    private static final String FAILURE = "failure (plug pulled)";
    private static final String CLIENT_REPLY = "first client reply";
    private static final String NFS_READ = "NFS read succeeds";

    private record Scenario(String name, String label, String keepalive, String deadtime, String warntime,
                            String initdead, Set<Service> jheartbeatGroup, Set<Service> heartbeatGroup) {
        ClusterSetup setup(Agent agent) {
            return new ClusterSetup(agent, keepalive, deadtime, warntime, initdead, false,
                    agent == Agent.JHEARTBEAT ? jheartbeatGroup : heartbeatGroup);
        }
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("fast", "address only, keepalive 200ms / deadtime 1", "200ms", "1", "500ms", "2",
                    EnumSet.noneOf(Service.class), EnumSet.noneOf(Service.class)),
            new Scenario("slow", "address only, keepalive 2 / deadtime 10", "2", "10", "5", "20",
                    EnumSet.noneOf(Service.class), EnumSet.noneOf(Service.class)),
            new Scenario("seed", "the seed's group, keepalive 200ms / deadtime 1", "200ms", "1", "500ms", "2",
                    EnumSet.allOf(Service.class), EnumSet.of(Service.FILESYSTEM, Service.NFS)));

    /** The steps of one kind of takeover over every run: step name to its times (ms from the start). */
    private static final class Breakdown {
        final Map<String, Figures> steps = new LinkedHashMap<>();
        int runs;

        void add(Map<String, Long> run) {
            runs++;
            run.forEach((step, millis) -> steps.computeIfAbsent(step, name -> new Figures()).add(millis));
        }

        Figures step(String name) {
            return steps.getOrDefault(name, new Figures());
        }

        /** Per run, the time from one step to another, where both were seen. */
        Figures between(List<Map<String, Long>> runs, String from, String to) {
            Figures figures = new Figures();
            for (Map<String, Long> run : runs) {
                if (run.containsKey(from) && run.containsKey(to)) {
                    figures.add(run.get(to) - run.get(from));
                } else {
                    figures.missed();
                }
            }
            return figures;
        }
    }

    /** Everything measured of one agent in one scenario. */
    private static final class AgentFigures {
        final List<Map<String, Long>> failovers = new ArrayList<>();
        final List<Map<String, Long>> handovers = new ArrayList<>();
        final Breakdown failover = new Breakdown();
        final Breakdown handover = new Breakdown();
        final Figures powerOnServed = new Figures();
        String footprint = "n/a";
        String statusLatency = "n/a";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FailoverBenchmark JHEARTBEAT_HOME [RUNS] [fast|slow|seed ...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> wanted = args.length > 2 ? List.of(args).subList(2, args.length)
                : SCENARIOS.stream().map(Scenario::name).toList();
        for (String name : wanted) {
            Scenario scenario = SCENARIOS.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + " (fast, slow, seed)"));
            Map<Agent, AgentFigures> figures = new LinkedHashMap<>();
            for (Agent agent : List.of(Agent.JHEARTBEAT, Agent.HEARTBEAT)) {
                figures.put(agent, measure(scenario, agent, home, runs));
            }
            System.out.println(report(scenario, figures, runs));
        }
    }

    private static AgentFigures measure(Scenario scenario, Agent agent, Path home, int runs) throws Exception {
        AgentFigures figures = new AgentFigures();
        ClusterSetup setup = scenario.setup(agent);
        for (int run = 1; run <= runs; run++) {
            System.out.printf("%s, %s, run %d of %d (load average %s)%n", scenario.label(), name(agent), run, runs,
                    MachineCpu.loadAverage());
            try (ClusterLab cluster = ClusterLab.create(setup, home)) {
                cluster.captureSyslog();
                cluster.appendToHaCf("logfacility local0");
                ClientView client = new ClientView(cluster);
                long powerOn = System.nanoTime();
                cluster.powerOn("alpha");
                boolean up = cluster.awaitAgentStarted("alpha", START_WAIT);
                long betaOn = System.nanoTime();
                cluster.powerOn("beta");
                up = up && cluster.awaitAgentStarted("beta", START_WAIT)
                        && Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                        && client.groupAnswers());
                boolean nfs = setup.runs(Service.NFS);
                if (!up || nfs && !client.writeFileWithin("bench.txt", "written before the failure\n", RECOVERY_WAIT)) {
                    System.out.printf("run %d: alpha never served%n%s%n", run, cluster.describe());
                    figures.powerOnServed.missed();
                    continue;
                }
                figures.powerOnServed.add(Await.millisSince(powerOn));
                if (run == 1 && nfs) {
                    figures.statusLatency = QuietTimeFigures.statusLatency(cluster);
                    AgentFootprint alpha = AgentFootprint.measure(cluster.node("alpha"), IDLE_WINDOW);
                    AgentFootprint beta = AgentFootprint.measure(cluster.node("beta"), IDLE_WINDOW);
                    figures.footprint = String.format(Locale.ROOT, "%.0f (%.0f) / %.0f (%.0f) MiB, CPU %.2f / %.2f %%",
                            alpha.rssKiB() / 1024.0, alpha.anonymousKiB() / 1024.0, beta.rssKiB() / 1024.0,
                            beta.anonymousKiB() / 1024.0, alpha.cpuPercent(), beta.cpuPercent());
                }
                // Steady state: both agents past initdead (a node alone within initdead of its start waits for peers).
                long steady = betaOn + setup.initdeadTime().plusSeconds(1).toNanos() - System.nanoTime();
                Thread.sleep(Math.max(1_000, steady / 1_000_000));
                try (PingWatch ping = cluster.network().ping(cluster.client(), ClusterLab.VIP, PING_INTERVAL)) {
                    Thread.sleep(1_000);
                    Map<String, Long> failover = failover(cluster, agent, ping, client, nfs);
                    figures.failovers.add(failover);
                    figures.failover.add(failover);
                    System.out.println("  failover: " + failover);
                    Optional<Map<String, Long>> handover = handover(cluster, agent, ping);
                    handover.ifPresent(steps -> {
                        figures.handovers.add(steps);
                        figures.handover.add(steps);
                        System.out.println("  handover: " + steps);
                    });
                }
            }
        }
        return figures;
    }

    /** Pulls alpha's plug; the steps in ms from that instant. */
    private static Map<String, Long> failover(ClusterLab cluster, Agent agent, PingWatch ping, ClientView client,
                                              boolean nfs) throws Exception {
        long failureMicros = System.currentTimeMillis() * 1000;
        cluster.powerOff("alpha", "benchmark: power lost");
        Await.condition(RECOVERY_WAIT, () -> cluster.vipHolders().equals(List.of("beta"))
                && !TakeoverLog.steps(agent, "alpha", List.of(), "beta", cluster.syslog("beta"), failureMicros)
                .stream().filter(step -> step.name().equals(TakeoverLog.RUNNING)).toList().isEmpty());
        Map<String, Long> steps = relative(TakeoverLog.steps(agent, "alpha", List.of(), "beta", cluster.syslog("beta"),
                failureMicros), failureMicros);
        steps.put(FAILURE, 0L);
        firstReplyAfter(ping, failureMicros, steps.get(TakeoverLog.DECISION)).ifPresent(at -> steps.put(CLIENT_REPLY, at));
        if (nfs && client.readFileWithin("bench.txt", RECOVERY_WAIT) != null) {
            steps.put(NFS_READ, System.currentTimeMillis() - failureMicros / 1000);
        }
        return steps;
    }

    /**
     * Powers alpha on again and, once beta sees it active, asks beta to stand by (hb_standby, as an operator types
     * it); the steps in ms from the moment the command was started.
     */
    private static Optional<Map<String, Long>> handover(ClusterLab cluster, Agent agent, PingWatch ping)
            throws Exception {
        cluster.powerOn("alpha");
        boolean joined = cluster.awaitAgentStarted("alpha", START_WAIT) && Await.condition(START_WAIT, () -> cluster
                .heartbeatCommand("beta", "cl_status", "nodestatus", "alpha").stdout().strip().equals("active"));
        if (!joined) {
            System.out.println("  handover: alpha did not rejoin\n" + cluster.describe());
            return Optional.empty();
        }
        // Both agents settled after the join: heartbeat answers "transition" and refuses a standby until it has
        // exchanged its resource state with the newcomer; jheartbeat's answer follows its coordinator's round.
        boolean settled = Await.condition(START_WAIT, () -> rscstatus(cluster, "beta").equals("all")
                && rscstatus(cluster, "alpha").equals("none"));
        if (!settled) {
            System.out.println("  handover: resources never settled after alpha's return (rscstatus beta "
                    + rscstatus(cluster, "beta") + ", alpha " + rscstatus(cluster, "alpha") + ")");
            return Optional.empty();
        }
        Thread.sleep(1_000);
        long askedMicros = System.currentTimeMillis() * 1000;
        CommandResult standby = cluster.heartbeatCommand("beta", "hb_standby");
        if (!standby.succeeded()) {
            System.out.println("  handover: hb_standby failed: " + standby.describe());
            return Optional.empty();
        }
        Await.condition(RECOVERY_WAIT, () -> cluster.vipHolders().equals(List.of("alpha"))
                && TakeoverLog.steps(agent, "beta", cluster.syslog("beta"), "alpha", cluster.syslog("alpha"),
                askedMicros).stream().anyMatch(step -> step.name().equals(TakeoverLog.RUNNING)));
        Map<String, Long> steps = relative(TakeoverLog.steps(agent, "beta", cluster.syslog("beta"), "alpha",
                cluster.syslog("alpha"), askedMicros), askedMicros);
        steps.put("hb_standby typed", 0L);
        Long after = steps.getOrDefault(TakeoverLog.PREVIOUS_STOPPED, steps.get(TakeoverLog.DECISION));
        firstReplyAfter(ping, askedMicros, after).ifPresent(at -> steps.put(CLIENT_REPLY, at));
        return Optional.of(steps);
    }

    private static String rscstatus(ClusterLab cluster, String node) {
        return cluster.heartbeatCommand(node, "cl_status", "rscstatus").stdout().strip();
    }

    /** The first echo reply at or after {@code afterMillis} (from the start); the old holder answers before it. */
    private static Optional<Long> firstReplyAfter(PingWatch ping, long startMicros, Long afterMillis)
            throws InterruptedException {
        if (afterMillis == null) {
            return Optional.empty();
        }
        long since = startMicros + afterMillis * 1000;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Optional<Long> reply = ping.replyEpochMicros().stream().filter(at -> at >= since).findFirst();
            if (reply.isPresent()) {
                return Optional.of((reply.get() - startMicros) / 1000);
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private static Map<String, Long> relative(List<TakeoverLog.Step> steps, long startMicros) {
        Map<String, Long> millis = new LinkedHashMap<>();
        steps.forEach(step -> millis.put(step.name(), (step.epochMicros() - startMicros) / 1000));
        return millis;
    }

    private static String report(Scenario scenario, Map<Agent, AgentFigures> figures, int runs) {
        AgentFigures ours = figures.get(Agent.JHEARTBEAT);
        AgentFigures theirs = figures.get(Agent.HEARTBEAT);
        StringBuilder text = new StringBuilder("\n### ").append(scenario.label()).append("\n\n")
                .append("ms from the failure (failover) or from hb_standby typed on the owner (handover, back to "
                        + "alpha), min / median / max over ").append(runs).append(" fresh clusters per agent; n/a: "
                        + "the agent does not log that step\n\n")
                .append("| step | jheartbeat failover | heartbeat 3.0.6 failover | jheartbeat handover | heartbeat 3.0.6 handover |\n")
                .append("|---|---|---|---|---|\n");
        List<String> rows = new ArrayList<>();
        for (Breakdown breakdown : List.of(ours.failover, theirs.failover, ours.handover, theirs.handover)) {
            breakdown.steps.keySet().stream().filter(step -> !rows.contains(step)).forEach(rows::add);
        }
        rows.sort(java.util.Comparator.comparingLong(step -> typicalMillis(step, figures)));
        for (String step : rows) {
            text.append("| ").append(step).append(" | ").append(ours.failover.step(step).summary()).append(" | ")
                    .append(theirs.failover.step(step).summary()).append(" | ").append(ours.handover.step(step).summary())
                    .append(" | ").append(theirs.handover.step(step).summary()).append(" |\n");
        }
        text.append("\n| figure | jheartbeat | heartbeat 3.0.6 |\n|---|---|---|\n");
        figure(text, "failover: death declared → first client reply", figures,
                agent -> agent.failover.between(agent.failovers, TakeoverLog.DEATH, CLIENT_REPLY));
        figure(text, "failover: death declared → group running", figures,
                agent -> agent.failover.between(agent.failovers, TakeoverLog.DEATH, TakeoverLog.RUNNING));
        figure(text, "failover: failure → first client reply", figures, agent -> agent.failover.step(CLIENT_REPLY));
        if (scenario.jheartbeatGroup().contains(Service.NFS)) {
            figure(text, "failover: first client reply → NFS read succeeds", figures,
                    agent -> agent.failover.between(agent.failovers, CLIENT_REPLY, NFS_READ));
        }
        figure(text, "handover: hb_standby typed → first client reply", figures,
                agent -> agent.handover.step(CLIENT_REPLY));
        figure(text, "handover: previous holder stopped → first client reply", figures,
                agent -> agent.handover.between(agent.handovers, TakeoverLog.PREVIOUS_STOPPED, CLIENT_REPLY));
        figure(text, "power-on → the group serves", figures, agent -> agent.powerOnServed);
        Optional<Long> ourMedian = ours.failover.step(CLIENT_REPLY).median();
        Optional<Long> theirMedian = theirs.failover.step(CLIENT_REPLY).median();
        text.append("\nmedian failure → first client reply, jheartbeat / heartbeat 3.0.6: ")
                .append(ourMedian.isPresent() && theirMedian.isPresent() && theirMedian.get() > 0
                        ? String.format(Locale.ROOT, "%.2f", ourMedian.get() / (double) theirMedian.get()) : "n/a")
                .append("; deadtime ").append(scenario.setup(Agent.JHEARTBEAT).deadtimeTime().toMillis()).append(" ms\n");
        if (!ours.footprint.equals("n/a") || !theirs.footprint.equals("n/a")) {
            text.append("\nidle footprint alpha / beta: jheartbeat ").append(ours.footprint).append("; heartbeat 3.0.6 ")
                    .append(theirs.footprint).append("\nstatus query: jheartbeat ").append(ours.statusLatency)
                    .append("; heartbeat 3.0.6 ").append(theirs.statusLatency).append('\n');
        }
        return text.append("load average at the end: ").append(MachineCpu.loadAverage()).append('\n').toString();
    }

    private static void figure(StringBuilder text, String name, Map<Agent, AgentFigures> figures,
                               java.util.function.Function<AgentFigures, Figures> of) {
        text.append("| ").append(name).append(" | ").append(of.apply(figures.get(Agent.JHEARTBEAT)).summary())
                .append(" | ").append(of.apply(figures.get(Agent.HEARTBEAT)).summary()).append(" |\n");
    }

    /** Orders the table's rows as the steps happen: by their median in whichever column has them first. */
    private static long typicalMillis(String step, Map<Agent, AgentFigures> figures) {
        for (AgentFigures agent : figures.values()) {
            for (Breakdown breakdown : List.of(agent.failover, agent.handover)) {
                Optional<Long> median = breakdown.step(step).median();
                if (median.isPresent()) {
                    return median.get();
                }
            }
        }
        return Long.MAX_VALUE;
    }

    private static String name(Agent agent) {
        return agent == Agent.JHEARTBEAT ? "jheartbeat" : "heartbeat 3.0.6";
    }
}
