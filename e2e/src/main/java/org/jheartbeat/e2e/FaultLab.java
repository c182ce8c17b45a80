package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.e2e.FaultStep.Kind;
import org.jheartbeat.resource.CommandResult;

/**
 * A randomized fault lab on real agents, as Pacemaker's CTS runs one on a live cluster: 3 to 5 nodes of a
 * {@link SiteLab} (the distribution's agent, ucast, keepalive 200 ms, deadtime 1 s), three groups each with an
 * address and the site's recording script ({@code sitesvc::gN}), the first also with the shared ext3 image and
 * NFS-Ganesha, and a client writing files through the first address. A seeded schedule ({@link FaultSchedule}) of
 * faults and operations runs step after step; an {@link OutsideView} checks the invariants from outside the agents
 * throughout; after each step every group must run whole on exactly one node, where the step's standby or takeover
 * asked for it ({@link StandingRequests}), and answer the client, and the live agents must share one view
 * ({@link AgentViews}), within {@link #SETTLE_LIMIT}. Reload steps add a fourth group to haresources or remove it again; clock steps step one
 * node's own wall clock ({@link WallClocks}); stop failures make a node fence itself ({@link StopFailure}). The last
 * node in ha.cf order fences with a recorder, the others with the power switch.
 *
 * <p>Usage: {@code FaultLab HOME [STEPS] [SEED] [NODES] [KINDS]} (KINDS: fault kinds separated by commas, as
 * {@code freeze,link_cut}; every kind when absent); prints each step, every violation with the agents' log
 * lines and the command that replays it, then the figures; exits 1 when a violation was found.
 */
public final class FaultLab {

    static final Duration SETTLE_LIMIT = Duration.ofSeconds(90);
    private static final Duration AGENT_WAIT = Duration.ofSeconds(60);
    /** Starts of an agent that exited at once before the run gives up. */
    private static final int START_ATTEMPTS = 3;
    private static final int GROUPS = 3;
    /** The group reloads add and remove (address and script, the next index): in no node's haresources at first. */
    private static final int RELOADED_GROUP = GROUPS;
    private static final int LOG_LINES = 40;
    /** One acknowledged NFS write every 2 s: every one is read back after its step settles. */
    private static final Duration WRITE_PAUSE = Duration.ofSeconds(2);
    /**
     * How long after a settled step the client may go without a new acknowledged write: NFS-Ganesha's grace after a
     * takeover (up to 5 s here) and the client's retries, with room to spare.
     */
    static final Duration CLIENT_WRITE_WAIT = Duration.ofSeconds(20);

    /** What a run found: its figures and every violation. */
    record Report(int steps, long seed, List<OutsideView.Violation> violations, List<String> unsettled,
                  Map<Kind, List<Long>> settleMillis, int acknowledgedWrites, List<String> lostWrites,
                  List<String> unwritten, int samples, List<String> skipped) {

        int violationCount() {
            return violations.size() + unsettled.size() + lostWrites.size() + unwritten.size();
        }

        boolean clean() {
            return violationCount() == 0;
        }
    }

    private final ClusterLab cluster;
    private final OutsideView view;
    private final List<OutsideView.Group> groups;
    private final OutsideView.Group reloaded;
    private final StopFailure stopFailure;
    /** The node whose fencer only records (the last in ha.cf order); the others' power their node off. */
    private final String recordingFencer;
    /** The agents' own wall clocks, which clock steps step; empty without libfaketime. */
    private final Optional<WallClocks> clocks;
    /** The nodes whose haresources names the reloaded group. */
    private final Set<String> reloadedOn = new java.util.HashSet<>();
    private final ClientView client;
    private final AgentViews agentViews;
    private final StandingRequests requests;
    private final PrintStream out;
    private final long seed;
    private final int nodeCount;
    private final Set<Kind> kinds;
    private final Set<String> poweredOn = new LinkedHashSet<>();
    /** Per node, where in its agent's log (in characters) the current step and the step before it began. */
    private final Map<String, Integer> stepLogStarts = new HashMap<>();
    private final Map<String, Integer> previousStepLogStarts = new HashMap<>();
    private final Map<Kind, List<Long>> settleMillis = new EnumMap<>(Kind.class);
    private final List<String> skipped = new ArrayList<>();
    private final List<String> unsettled = new ArrayList<>();
    /** Settled steps after which the client got no write acknowledged within {@link #CLIENT_WRITE_WAIT}. */
    private final List<String> unwritten = new ArrayList<>();
    private final long began = System.nanoTime();
    private int reported;

    private FaultLab(SiteLab site, long seed, int nodeCount, Set<Kind> kinds, Optional<WallClocks> clocks,
                     PrintStream out) throws IOException {
        this.clocks = clocks;
        this.kinds = Set.copyOf(kinds);
        this.cluster = site.cluster();
        this.seed = seed;
        this.nodeCount = nodeCount;
        this.out = out;
        this.client = new ClientView(cluster);
        this.agentViews = new AgentViews(cluster);
        this.requests = new StandingRequests(cluster.setup());
        List<OutsideView.Group> all = new ArrayList<>();
        for (int group = 0; group <= RELOADED_GROUP; group++) {
            all.add(new OutsideView.Group(group, cluster.setup().vip(group),
                    group == 0 ? cluster.dataDirectory() : null, "sitesvc:g" + group));
        }
        this.groups = List.copyOf(all);
        this.reloaded = groups.get(RELOADED_GROUP);
        this.view = new OutsideView(cluster, site, groups, groups.subList(0, GROUPS).stream()
                .map(OutsideView.Group::name).collect(java.util.stream.Collectors.toSet()));
        this.stopFailure = new StopFailure(site, view, out);
        List<String> names = cluster.setup().nodeNames();
        this.recordingFencer = names.get(names.size() - 1);
    }

    static ClusterSetup setup(int nodes) {
        return new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false,
                EnumSet.of(Service.FILESYSTEM, Service.NFS), nodes, GROUPS);
    }

    /**
     * Runs {@code steps} steps of the schedule {@code seed} draws from {@code kinds} on a fresh cluster of
     * {@code nodes} nodes.
     */
    public static Report run(Path home, int steps, long seed, int nodes, Set<Kind> kinds, PrintStream out)
            throws Exception {
        if (nodes < 3 || nodes > 5) {
            throw new IllegalArgumentException("the fault lab runs 3 to 5 nodes, not " + nodes);
        }
        try (SiteLab site = SiteLab.create(setup(nodes), Site.of("sitesvc"), home)) {
            List<String> names = site.cluster().setup().nodeNames();
            site.cluster().recordFencingOnly(names.get(names.size() - 1));
            FaultLab lab = new FaultLab(site, seed, nodes, kinds, WallClocks.install(site.cluster()), out);
            try (OutsideView view = lab.view) {
                return lab.run(steps);
            }
        }
    }

    private Report run(int steps) throws Exception {
        Path haresources = ClusterFiles.configDir(cluster.nodes().get(0).directory()).resolve("haresources");
        out.printf("[fault-lab] seed %d, %d steps, %d nodes (%s), kinds %s, run directory %s, haresources: %s%n",
                seed, steps, nodeCount, String.join(" ", cluster.setup().nodeNames()), kinds, cluster.runDirectory(),
                Files.readString(haresources).strip().replace("\n", " | "));
        for (String node : cluster.setup().nodeNames()) {
            powerOn(node);
        }
        settle(new FaultStep(0, Kind.POWER_ON, cluster.setup().nodeNames(), "", Duration.ZERO), System.nanoTime());
        FaultSchedule schedule = new FaultSchedule(seed, kinds, cluster.setup().nodeNames(),
                cluster.setup().deadtimeTime(), GROUPS);
        List<String> lost = new ArrayList<>();
        try (ClientWriter writer = new ClientWriter(client, "lab", WRITE_PAUSE)) {
            int checked = 0;
            for (int number = 1; number <= steps; number++) {
                noticeFencedNodes();
                FaultStep step = schedule.next(number, poweredOn);
                view.step(number);
                requests.stepBegins();
                markLogs();
                long started = System.nanoTime();
                // The host's time: where a slow step's lines are in the agents' logs (a stepped node's are off by
                // its offset, which the clock step prints).
                out.printf("[fault-lab] %s (%s UTC)%n", step.describe(),
                        LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
                long recovered = perform(step);
                boolean settled = settle(step, recovered);
                out.printf("[fault-lab]   step took %d ms%n", Await.millisSince(started));
                reportViolations(step);
                if (!settled) {
                    // Unreadable while the group is down is no loss: they are read after the next settled step.
                    continue;
                }
                // The client writes through the address again once the group settled, wherever it went.
                if (writer.acknowledgedCount() == checked
                        && !writer.awaitMoreAcknowledged(1, CLIENT_WRITE_WAIT)) {
                    String what = "no write of the client through " + ClusterLab.VIP + " acknowledged within "
                            + CLIENT_WRITE_WAIT.toSeconds() + " s after the step settled (" + writer.summary() + ")";
                    unwritten.add(step.describe() + ": " + what);
                    out.printf("[fault-lab] VIOLATION seed %d %s: %s (replay: %s)%n", seed, step.describe(), what,
                            replay(number));
                }
                // What the client was told is written must read back once the group settled wherever it went.
                int acknowledged = writer.acknowledgedCount();
                for (String write : writer.lostWrites(checked, Duration.ofSeconds(10))) {
                    lost.add(write);
                    out.printf("[fault-lab] VIOLATION seed %d %s: acknowledged write lost: %s (replay: %s)%n", seed,
                            step.describe(), write, replay(number));
                }
                checked = acknowledged;
            }
            int acknowledged = writer.acknowledgedCount();
            Report report = new Report(steps, seed, view.violations(), unsettled, settleMillis, acknowledged, lost,
                    unwritten, view.samples(), skipped);
            printFigures(report);
            return report;
        }
    }

    private void powerOn(String node) throws IOException, InterruptedException {
        cluster.powerOn(node);
        if (!cluster.awaitAgentStarted(node, AGENT_WAIT)) {
            throw new IllegalStateException("the agent on " + node + " did not start:\n" + cluster.describe());
        }
        poweredOn.add(node);
        view.nodeUp(node);
    }

    /** A node a violation powered off (its own fencing) is cleaned up and counted as off from then on. */
    private void noticeFencedNodes() throws IOException, InterruptedException {
        for (String node : List.copyOf(poweredOn)) {
            if (!cluster.node(node).isUp()) {
                cluster.awaitFenced(node, Duration.ofSeconds(1));
                poweredOn.remove(node);
                requests.forget(node);
                view.nodeDown(node);
            }
        }
    }

    /** Does the step; returns the instant (nanoTime) its fault was undone, from which settling is timed. */
    private long perform(FaultStep step) throws Exception {
        String node = step.nodes().get(0);
        switch (step.kind()) {
            case POWER_OFF -> {
                view.nodeDown(node);
                poweredOn.remove(node);
                requests.forget(node);
                cluster.powerOff(node, OutsideView.LAB_POWER_OFF + " step " + step.number());
                cluster.awaitFenced(node, Duration.ofSeconds(10));
            }
            case POWER_ON -> powerOn(node);
            case AGENT_KILL -> {
                view.excuse(node);
                view.agentGone(node);
                requests.forget(node);
                cluster.killAgent(node);
                Thread.sleep(step.hold().toMillis());
                restart(List.of(node));
            }
            case FREEZE -> {
                view.excuse(node);
                cluster.signalAgent(node, "STOP");
                Thread.sleep(cluster.setup().deadtimeTime().plus(step.hold()).toMillis());
                cluster.signalAgent(node, "CONT");
                view.recovered(node);
            }
            case LINK_CUT -> {
                view.excuse(node);
                cluster.cutLinks(node);
                Thread.sleep(step.hold().toMillis());
                cluster.restoreLinks(node);
                view.recovered(node);
            }
            case MINORITY_PARTITION -> {
                step.nodes().forEach(view::excuse);
                cluster.partition(step.nodes());
                Thread.sleep(step.hold().toMillis());
                cluster.heal(step.nodes());
                step.nodes().forEach(view::recovered);
            }
            case SIMULTANEOUS_STOP_START, RESTART -> {
                for (String stopped : step.nodes()) {
                    view.agentGone(stopped);
                    requests.forget(stopped);
                    cluster.signalAgent(stopped, "TERM");
                }
                for (String stopped : step.nodes()) {
                    if (!Await.condition(AGENT_WAIT, () -> cluster.node(stopped).agent().isEmpty())) {
                        throw new IllegalStateException("the agent on " + stopped + " did not stop within "
                                + AGENT_WAIT + "\n" + cluster.describe());
                    }
                }
                restart(step.nodes());
            }
            case STANDBY, TAKEOVER -> {
                String command = step.kind() == Kind.STANDBY ? "hb_standby" : "hb_takeover";
                CommandResult result = cluster.heartbeatCommand(node, command, step.scope());
                if (result.succeeded()) {
                    requests.made(step);
                } else {
                    out.printf("[fault-lab]   %s %s on %s: %s%n", command, step.scope(), node, result.describe());
                }
            }
            case RELOAD -> {
                // Every node's files changed at once, as an operator copying them out does, then every agent reloads.
                boolean add = !reloadedOn.containsAll(cluster.setup().nodeNames());
                List<String> all = cluster.setup().nodeNames();
                rewriteHaresources(all, add, step);
                reload(all);
            }
            case RELOAD_ONE_NODE_FIRST -> {
                // One node's files changed and reloaded first: the nodes' groups differ for the hold, during which no
                // node may start the group some running agent's files do not name; then the others follow.
                boolean add = !reloadedOn.contains(node);
                rewriteHaresources(List.of(node), add, step);
                reload(List.of(node));
                Thread.sleep(step.hold().toMillis());
                List<String> others = cluster.setup().nodeNames().stream().filter(other -> !other.equals(node))
                        .toList();
                rewriteHaresources(others, add, step);
                reload(others);
            }
            case STOP_FAILURE -> {
                OutsideView.Group group = groups.stream().filter(candidate -> candidate.name().equals(step.scope()))
                        .findFirst().orElseThrow();
                StopFailure.Outcome outcome = stopFailure.perform(step, group, node.equals(recordingFencer));
                outcome.skipped().ifPresent(why -> skip(step, why));
                outcome.standby().ifPresent(requests::made);
                if (outcome.poweredOff()) {
                    poweredOn.remove(node);
                    requests.forget(node);
                }
            }
            case CLOCK_STEP -> {
                if (clocks.isEmpty()) {
                    skip(step, "libfaketime is not installed (package libfaketime): the agents run on the host's"
                            + " clock, which the lab never steps: skipped");
                } else {
                    // A step of the wall clock is no fault: the monotonic clock every wait is measured on goes on.
                    Optional<Map<String, String>> before = view.placement();
                    Duration offset = clocks.get().step(node, Duration.ofSeconds(Long.parseLong(step.scope())));
                    out.printf("[fault-lab]   %s's wall clock is %+d s off the host's now%n", node,
                            offset.toSeconds());
                    Thread.sleep(step.hold().toMillis());
                    Optional<Map<String, String>> after = Await.until(SETTLE_LIMIT, view::placement);
                    if (before.isPresent() && !before.equals(after)) {
                        view.report("a step of " + node + "'s wall clock moved groups: " + before.get() + " before, "
                                + after.map(Object::toString).orElse("unsettled") + " after");
                    }
                }
            }
        }
        return System.nanoTime();
    }

    /**
     * Adds the reloaded group's line to the nodes' haresources, or removes it, with a comment naming the step: a real
     * change for a reload to apply. Powered-off nodes' files too: they boot with them.
     */
    private void rewriteHaresources(List<String> nodes, boolean add, FaultStep step) throws IOException {
        String line = cluster.setup().preferredNode(RELOADED_GROUP) + " IPaddr::" + reloaded.address() + "/24/eth0 "
                + "sitesvc::" + reloaded.name();
        for (String name : nodes) {
            Path file = ClusterFiles.configDir(cluster.node(name).directory()).resolve("haresources");
            List<String> lines = new ArrayList<>(Files.readString(file).lines()
                    .filter(kept -> !kept.endsWith("sitesvc::" + reloaded.name()) && !kept.startsWith("# step"))
                    .toList());
            if (add) {
                lines.add(line);
                reloadedOn.add(name);
            } else {
                reloadedOn.remove(name);
            }
            lines.add("# step " + step.number());
            Files.writeString(file, String.join("\n", lines) + "\n");
            Set<String> names = new java.util.HashSet<>();
            for (int group = 0; group < GROUPS; group++) {
                names.add("g" + group);
            }
            if (add) {
                names.add(reloaded.name());
            }
            view.configure(name, names);
        }
        out.printf("[fault-lab]   %s %s %s the haresources of %s%n", add ? "added" : "removed", line,
                add ? "to" : "from", String.join(",", nodes));
    }

    private void reload(List<String> nodes) {
        nodes.stream().filter(name -> cluster.node(name).isUp() && cluster.node(name).agent().isPresent())
                .forEach(cluster::reloadAgent);
    }

    private void skip(FaultStep step, String why) {
        out.printf("[fault-lab]   %s%n", why);
        skipped.add(step.describe() + ": " + why);
    }

    /** Starts the agents of {@code nodes} at the same instant, waits until each says it started. */
    private void restart(List<String> nodes) throws InterruptedException {
        nodes.forEach(cluster::startAgent);
        for (String node : nodes) {
            for (int attempt = 1; !cluster.awaitAgentStarted(node, AGENT_WAIT); attempt++) {
                String log = cluster.agentLogText(node);
                view.report("the agent on " + node + " did not start (attempt " + attempt + "): "
                        + log.substring(log.lastIndexOf('\n', Math.max(0, log.length() - 2)) + 1).strip());
                if (cluster.node(node).agent().isPresent()) {
                    break;
                }
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("the agent on " + node + " did not start after " + attempt
                            + " attempts:\n" + cluster.describe());
                }
                // It exited (refused, say, while the guard of the agent killed before still held the lock): as an
                // operator would, start it again, so that the schedule goes on with every node's agent running.
                cluster.startAgent(node);
            }
            view.agentBack(node);
            view.recovered(node);
        }
    }

    /**
     * Waits until a look from outside begun after {@code from} finds every group running whole on exactly one node,
     * where the step's standby or takeover asked for it, the client reaches each address (and NFS through the first),
     * and the live agents share one view of themselves; prints and keeps (per kind, skipped steps apart) the
     * milliseconds it took from {@code from}, or prints a violation when it did not. Returns whether it settled.
     */
    private boolean settle(FaultStep step, long from) throws InterruptedException {
        Optional<Map<String, String>> placed = Await.until(SETTLE_LIMIT, () -> view.placementSince(from)
                .filter(placement -> requests.unmet(placement, liveAgents()).isEmpty())
                .filter(placement -> clientReachesEveryGroup())
                .filter(placement -> agentViews.disagreement(liveAgents()).isEmpty()));
        long took = Await.millisSince(from);
        if (placed.isEmpty()) {
            out.printf("[fault-lab] VIOLATION %s did not settle within %s: holders %s; %s; views: %s%n",
                    step.describe(), SETTLE_LIMIT, view.holders(), view.placement()
                            .flatMap(placement -> requests.unmet(placement, liveAgents())).orElse("no request unmet"),
                    agentViews.disagreement(liveAgents()).orElse("one view"));
            unsettled.add(step.describe());
            printContext(step);
            return false;
        }
        if (skipped.stream().noneMatch(line -> line.startsWith(step.describe()))) {
            settleMillis.computeIfAbsent(step.kind(), kind -> new ArrayList<>()).add(took);
        }
        out.printf("[fault-lab]   settled in %d ms: %s%n", took, placed.get());
        return true;
    }

    /** The powered-on nodes whose agents run. */
    private List<String> liveAgents() {
        return poweredOn.stream().filter(node -> cluster.node(node).agent().isPresent()).toList();
    }

    private boolean clientReachesEveryGroup() {
        for (OutsideView.Group group : view.configuredEverywhere()) {
            if (!cluster.onClient(Duration.ofSeconds(3), "ping", "-c", "1", "-W", "1", group.address()).succeeded()) {
                return false;
            }
        }
        return client.listFiles() != null;
    }

    private void markLogs() {
        previousStepLogStarts.clear();
        previousStepLogStarts.putAll(stepLogStarts);
        for (SimulatedNode node : cluster.nodes()) {
            stepLogStarts.put(node.name(), cluster.agentLogText(node.name()).length());
        }
    }

    private void reportViolations(FaultStep step) {
        List<OutsideView.Violation> all = view.violations();
        if (all.size() == reported) {
            return;
        }
        for (OutsideView.Violation violation : all.subList(reported, all.size())) {
            out.printf("[fault-lab] VIOLATION seed %d %s: %s%n", seed, step.describe(), violation.what());
        }
        reported = all.size();
        printContext(step);
    }

    /**
     * Each agent's log lines written during the step and the one before it (what a step asked for may be carried out
     * during the next one), the last {@link #LOG_LINES} of them, with a line marking where the step began. Chosen by
     * where in the log each step began, never by the lines' stamps: those are the agent's own wall clock, which a
     * clock step sets off the host's.
     */
    private void printContext(FaultStep step) {
        for (SimulatedNode node : cluster.nodes()) {
            String text = cluster.agentLogText(node.name());
            int began = Math.min(stepLogStarts.getOrDefault(node.name(), 0), text.length());
            int before = Math.min(previousStepLogStarts.getOrDefault(node.name(), began), began);
            List<String> lines = (text.substring(before, began) + "[fault-lab] >>> step " + step.number()
                    + " began\n" + text.substring(began)).lines().toList();
            out.printf("[fault-lab] --- %s's agent during steps %d and %d (last %d lines)%n", node.name(),
                    step.number() - 1, step.number(), Math.min(LOG_LINES, lines.size()));
            lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).forEach(out::println);
        }
        out.printf("[fault-lab] replay: %s%n", replay(step.number()));
    }

    /** The command that replays the run's first {@code steps} steps (the kinds named unless every one is drawn). */
    private String replay(int steps) {
        String command = "bash scripts/fault-lab.sh " + steps + " " + seed + " " + nodeCount;
        if (kinds.equals(FaultSchedule.FAULTS)) {
            return command;
        }
        return command + " " + kinds.stream().map(kind -> kind.name().toLowerCase(Locale.ROOT))
                .sorted().collect(java.util.stream.Collectors.joining(","));
    }

    private void printFigures(Report report) {
        out.printf("%n| fault kind | steps | settle median (ms) | settle worst (ms) |%n|---|---|---|---|%n");
        report.settleMillis().forEach((kind, times) -> {
            List<Long> sorted = times.stream().sorted().toList();
            out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", kind.name().toLowerCase().replace('_', ' '),
                    sorted.size(), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1));
        });
        long millis = Await.millisSince(began);
        out.printf("%n%d steps, seed %d, %d nodes, %d s: %d violations (%d of the invariants, %d steps that did not"
                        + " settle, %d acknowledged writes lost of %d, %d settled steps after which the client could not"
                        + " write), %d outside samples (one per %d ms on average), %d steps skipped%n", report.steps(),
                seed, nodeCount, millis / 1000, report.violationCount(), report.violations().size(),
                report.unsettled().size(), report.lostWrites().size(), report.acknowledgedWrites(),
                report.unwritten().size(), report.samples(), millis / Math.max(1, report.samples()),
                report.skipped().size());
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FaultLab HOME [STEPS] [SEED] [NODES] [KINDS]");
            System.exit(2);
        }
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.currentTimeMillis();
        int nodes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Set<Kind> kinds = args.length > 4 ? FaultSchedule.kinds(args[4]) : FaultSchedule.FAULTS;
        Report report = run(Path.of(args[0]), steps, seed, nodes, kinds, System.out);
        System.exit(report.clean() ? 0 : 1);
    }
}
