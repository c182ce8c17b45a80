package org.jheartbeat.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jheartbeat.resource.CommandResult;

/**
 * The situations of issue 22 in which an unchanged heartbeat site must see heartbeat 3.0.6's actions and no others,
 * each run the same way on heartbeat (to record it, {@link HeartbeatRecorder}) and on jheartbeat (to compare). The
 * group is always {@code alpha IPaddr::10.79.0.100/24/eth0} followed by the site's own scripts.
 */
public enum SiteScenario implements Site {

    /** A database whose stop takes 75 s, then hb_standby on its node: the peer starts it once the stop is over. */
    SLOW_STOP(List.of("slowdb"), List.of(), List.of()) {
        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            standby(site, "alpha");
            site.awaitCall(Duration.ofSeconds(200), call -> call.node().equals("beta")
                    && call.script().equals("slowdb") && call.action().equals("start") && call.ended());
            Thread.sleep(3_000);
            noteFencing(site);
        }
    },

    /** A service whose status prints nothing, left alone for 90 s: started once, never stopped. */
    SILENT_STATUS(List.of("quietsvc"), List.of(), List.of()) {
        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            site.step("left alone for 90 s");
            Thread.sleep(90_000);
            noteFencing(site);
        }
    },

    /** ha.cf pings the client, no ipfail; alpha stops reaching it: nothing moves. */
    PING_LOSS(List.of("sitesvc"), List.of(), List.of("ping " + SiteScenario.CLIENT)) {
        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            String client = site.cluster().setup().clientAddress();
            site.step("alpha stops reaching the ping node " + client);
            CommandResult blocked = site.cluster().node("alpha").run("ip", "route", "add", "prohibit", client + "/32");
            if (!blocked.succeeded()) {
                throw new IllegalStateException(blocked.describe());
            }
            Thread.sleep(15_000);
            for (String node : List.of("alpha", "beta")) {
                CommandResult answer = site.cluster().heartbeatCommand(node, "cl_status", "nodestatus", client);
                site.note(node + ": cl_status nodestatus " + client + " -> " + answer.stdout().strip() + " rc "
                        + answer.exitCode());
            }
            site.note("address on " + site.cluster().vipHolders());
            noteFencing(site);
        }
    },

    /**
     * The owner's agent dies with the node up, so the peer's takeover fails (the guarded script sees the owner still
     * answering); then the owner loses power: the peer must run the group.
     */
    FALSE_TAKEOVER(List.of("guarded"), List.of(), List.of()) {
        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            site.step("agent killed on alpha, the node stays up");
            site.cluster().killAgent("alpha");
            // heartbeat's takeover reaches the script, which refuses; jheartbeat's address check refuses first.
            Await.condition(Duration.ofSeconds(60), () -> site.cluster().agentLogText("beta").lines()
                    .anyMatch(line -> line.contains("Giving up resources due to failure of guarded")
                            || line.contains("failed on this node and is released for another node")));
            site.step("beta gave the group up");
            Thread.sleep(5_000);
            site.step("power off alpha");
            site.cluster().powerOff("alpha", "test: power lost");
            site.awaitCall(Duration.ofSeconds(150), call -> call.node().equals("beta")
                    && call.script().equals("guarded") && call.action().equals("start") && call.succeeded());
            Thread.sleep(3_000);
            site.note("address on " + site.cluster().vipHolders());
        }
    },

    /** A script installed on alpha only; hb_standby on alpha: only that group suffers on beta, whose agent runs. */
    MISSING_SCRIPT(List.of("onlyalpha"), List.of(), List.of()) {
        @Override
        public List<String> resourceScripts(String node) {
            return node.equals("alpha") ? List.of("onlyalpha") : List.of();
        }

        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            double before = site.elapsedSeconds();
            standby(site, "alpha");
            site.awaitCall(Duration.ofSeconds(90), call -> call.node().equals("alpha") && call.action().equals("start")
                    && call.ended() && call.seconds() > before);
            Thread.sleep(3_000);
            site.note("address on " + site.cluster().vipHolders());
            noteFencing(site);
        }
    },

    /**
     * ha.cf names a log facility; a resource.d script logs through heartbeat's ha_log and keeps its environment, and
     * an init script without a status action follows it; left alone 20 s, then hb_standby on alpha.
     */
    SITE_ENVIRONMENT(List.of("sitelog", "legacyd"), List.of("legacyd"), List.of("logfacility local0")) {
        @Override
        public List<String> resourceScripts(String node) {
            return List.of("sitelog");
        }

        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            site.step("left alone for 20 s");
            Thread.sleep(20_000);
            standby(site, "alpha");
            site.awaitCall(Duration.ofSeconds(60), call -> call.node().equals("beta")
                    && call.script().equals("legacyd") && call.action().equals("start") && call.ended());
            Thread.sleep(2_000);
            site.scriptEnvironment("alpha").forEach(line -> site.note("env alpha " + line));
            site.syslog("alpha").stream().filter(line -> line.contains("sitelog"))
                    .forEach(line -> site.note("syslog alpha " + line));
            noteFencing(site);
        }
    },

    /**
     * The operator reloads (heartbeat: {@code heartbeat -r}, its init script's reload; jheartbeat: SIGHUP): first on
     * alpha with the files unchanged; then haresources gains a group preferred on beta, on both nodes, and beta
     * reloads, then alpha.
     */
    RELOAD(List.of("sitesvc"), List.of(), List.of()) {
        @Override
        void run(SiteLab site) throws IOException, InterruptedException {
            site.startBoth(START_WAIT);
            ClusterLab cluster = site.cluster();
            site.step("reload on alpha, files unchanged");
            cluster.reloadAgent("alpha");
            Await.condition(Duration.ofSeconds(10), () -> cluster.agentLogText("alpha").contains(UNCHANGED));
            site.note("alpha logged '" + UNCHANGED + "': " + cluster.agentLogText("alpha").contains(UNCHANGED));
            site.step("haresources gains '" + ADDED_GROUP + "' on both nodes; reload on beta, then alpha");
            site.addToHaresources(ADDED_GROUP);
            cluster.reloadAgent("beta");
            cluster.reloadAgent("alpha");
            site.awaitCall(Duration.ofSeconds(30), call -> call.script().equals("sitesvc:extra")
                    && call.action().equals("start") && call.ended());
            Thread.sleep(5_000);
            for (String node : List.of("alpha", "beta")) {
                site.note(node + " holds 10.79.0.101: " + cluster.node(node).addresses().contains("10.79.0.101"));
            }
            site.note("address on " + cluster.vipHolders());
            noteFencing(site);
        }
    };

    /** heartbeat's log line for a reload that finds nothing changed. */
    static final String UNCHANGED = "Configuration unchanged.";
    /** The group the RELOAD scenario adds. */
    static final String ADDED_GROUP = "beta IPaddr::10.79.0.101/24/eth0 sitesvc::extra";

    /** Stands for the client's address (the ping node) in ha.cf lines. */
    static final String CLIENT = "@CLIENT@";
    static final Duration START_WAIT = Duration.ofSeconds(90);

    private final List<String> resources;
    private final List<String> initScripts;
    private final List<String> haCfLines;

    SiteScenario(List<String> resources, List<String> initScripts, List<String> haCfLines) {
        this.resources = resources;
        this.initScripts = initScripts;
        this.haCfLines = haCfLines;
    }

    @Override
    public List<String> resources() {
        return resources;
    }

    @Override
    public List<String> initScripts(String node) {
        return initScripts;
    }

    @Override
    public List<String> haCfLines() {
        return haCfLines;
    }

    /** The scenario's name in recordings: {@code slow-stop}. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Drives the cluster through the scenario, noting its steps; the calls log does the rest. */
    abstract void run(SiteLab site) throws IOException, InterruptedException;

    private static void standby(SiteLab site, String node) {
        site.step("hb_standby on " + node);
        CommandResult answer = site.cluster().heartbeatCommand(node, "hb_standby");
        site.note(node + ": hb_standby -> rc " + answer.exitCode());
    }

    private static void noteFencing(SiteLab site) throws IOException {
        for (String node : List.of("alpha", "beta")) {
            site.note(node + " fenced " + site.cluster().powerOffs(node).size() + " times");
        }
    }
}
