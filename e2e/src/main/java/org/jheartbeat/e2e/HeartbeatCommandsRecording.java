package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.resource.CommandResult;

/**
 * {@code scripts/benchmark.sh record-commands}: Debian's heartbeat 3.0.6 answering every cl_status sub-command with
 * every option, as root and as user nobody, and hb_standby / hb_takeover, on the e2e cluster (alpha, beta, the
 * client 10.79.0.3 as a ping node, eth0 and a crossover cable eth1), in the situations jheartbeat's compatibility
 * tests replay. Prints the recording: "### SITUATION" lines, the cluster's ha.cf and haresources where it is built
 * (between "--- ha.cf", "--- haresources" and "--- end"), then per command "$ NODE: COMMAND", its stdout, stderr
 * and exit code.
 */
public final class HeartbeatCommandsRecording {

    static final String CL_STATUS = "/usr/bin/cl_status";
    static final String HB_STANDBY = "/usr/share/heartbeat/hb_standby";
    static final String HB_TAKEOVER = "/usr/share/heartbeat/hb_takeover";
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    private static final String PING_NODE = "10.79.0.3";
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(90);

    /** Every name heartbeat 3.0.6's configuration knows (config.c's directives), its version, and names it does not. */
    static final List<String> PARAMETERS = List.of("apiauth", "auto_failback", "autojoin", "baud", "bcast", "cluster",
            "compression", "compression_threshold", "conn_logd_time", "coredumps", "coreroot", "crm", "crm_daemon_dir",
            "crmd_spawns_pengine", "deadping", "deadtime", "debug", "debugfile", "enable_config_writes", "env",
            "failfast", "hbgenmethod", "hbversion", "hopfudge", "initdead", "keepalive", "log_badpack", "logfacility",
            "logfile", "max_rexmit_delay", "mcast", "memreserve", "msgfmt", "nice_failback", "node", "normalpoll",
            "pacemaker", "ping", "ping_group", "quorum_server", "realtime", "record_config_changes",
            "record_pengine_inputs", "respawn", "rtprio", "serial", "stonith", "stonith_host", "syslogmsgfmt",
            "traditional_compression", "ucast", "udpport", "use_apphbd", "use_logd", "uuidfrom", "warntime",
            "watchdog", "Keepalive", "nosuchthing");

    /** Each sub-command with its options, right and wrong arguments; the usage and unknown commands. */
    static final List<String> QUERIES = List.of("", "-h", "--help", "nosuchcommand", "hbstatus extra",
            "hbstatus", "hbstatus -m", "hbstatus -v", "hbstatus -m -v", "hbstatus -x",
            "listnodes", "listnodes -n", "listnodes -p", "listnodes -p -n", "listnodes -m", "listnodes -v",
            "listnodes -m -v", "listnodes -x", "listnodes alpha",
            "nodestatus alpha", "nodestatus beta", "nodestatus " + PING_NODE, "nodestatus gamma", "nodestatus",
            "nodestatus -m beta", "nodestatus -m " + PING_NODE, "nodestatus beta -m", "nodestatus -x beta",
            "nodestatus BETA", "nodestatus beta alpha",
            "nodeweight alpha", "nodeweight " + PING_NODE, "nodeweight gamma", "nodeweight", "nodeweight -m alpha",
            "nodesite alpha", "nodesite " + PING_NODE, "nodesite gamma", "nodesite", "nodesite -m alpha",
            "nodetype alpha", "nodetype " + PING_NODE, "nodetype gamma", "nodetype normal", "nodetype",
            "nodetype -m alpha", "nodetype -m " + PING_NODE,
            "listhblinks alpha", "listhblinks beta", "listhblinks " + PING_NODE, "listhblinks gamma", "listhblinks",
            "listhblinks -m beta", "listhblinks -v beta", "listhblinks -m -v beta", "listhblinks -x beta",
            "hblinkstatus alpha eth0", "hblinkstatus beta eth0", "hblinkstatus beta eth1", "hblinkstatus beta eth9",
            "hblinkstatus " + PING_NODE + " " + PING_NODE, "hblinkstatus gamma eth0", "hblinkstatus beta",
            "hblinkstatus", "hblinkstatus -m beta eth0", "hblinkstatus -m alpha eth1",
            "clientstatus alpha ipfail", "clientstatus beta ipfail 100", "clientstatus alpha", "clientstatus",
            "clientstatus -m alpha ipfail", "clientstatus gamma ipfail",
            "rscstatus", "rscstatus -m", "rscstatus -x", "rscstatus extra",
            "hbparameter -p keepalive", "hbparameter -m -p keepalive", "hbparameter -p", "hbparameter keepalive",
            "hbparameter", "hbparameter -x", "parameter -p keepalive",
            "test");

    private final ClusterLab cluster;
    private final PrintStream out;

    private HeartbeatCommandsRecording(ClusterLab cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("""
                # Debian heartbeat 3.0.6's own answers, recorded by scripts/benchmark.sh record-commands
                # (e2e's HeartbeatCommandsRecording) on the e2e cluster: alpha 10.79.0.1 and beta 10.79.0.2 on eth0
                # (ucast) and a crossover cable eth1 (ucast 10.79.1.1/.2), the client 10.79.0.3 as a ping node,
                # haresources "alpha IPaddr::10.79.0.100/24/eth0". "###" lines name the situation; "--- ha.cf" and
                # "--- haresources" give the files the situations from there on ran with; then each command as
                # "$ NODE: COMMAND", its stdout, stderr and exit code. Times and process ids in error lines vary.""");
        try (ClusterLab cluster = ClusterLab.create(harnessSetup(), Path.of("."))) {
            cluster.addCrossoverCable();
            cluster.appendToHaCf("ping " + PING_NODE);
            new HeartbeatCommandsRecording(cluster, out).recordHarnessConfiguration();
        }
        try (ClusterLab cluster = ClusterLab.create(harnessSetup(), Path.of("."))) {
            new HeartbeatCommandsRecording(cluster, out).recordDefaults();
        }
    }

    static ClusterSetup harnessSetup() {
        return ClusterSetup.seed().with(Agent.HEARTBEAT, Set.of());
    }

    private void recordHarnessConfiguration() throws Exception {
        cluster.boot("alpha");
        out.println("### not running");
        configuration();
        for (String query : List.of("hbstatus", "hbstatus -m", "hbstatus -v", "listnodes", "rscstatus",
                "hbparameter -p keepalive", "test")) {
            record("alpha", List.of(), CL_STATUS + " " + query);
        }
        cluster.startAgent("alpha");
        cluster.powerOn("beta");
        awaitHolders("alpha", "local", "local");
        out.println("### settled: alpha holds IPaddr::10.79.0.100/24/eth0 (harness ha.cf, ping " + PING_NODE + ")");
        queries("alpha", List.of());
        record("beta", List.of(), CL_STATUS + " rscstatus");
        record("beta", List.of(), CL_STATUS + " listnodes -v");
        for (String program : List.of(HB_STANDBY, HB_TAKEOVER)) {
            for (String arguments : List.of("--help", "bogus", "all extra")) {
                record("alpha", List.of(), program + " " + arguments);
            }
        }
        out.println("### settled, as nobody");
        queries("alpha", AS_NOBODY);
        for (String program : List.of(HB_STANDBY, HB_TAKEOVER)) {
            out.println("### " + program.substring(program.lastIndexOf('/') + 1) + " as nobody on alpha");
            record("alpha", AS_NOBODY, program);
            awaitQuiet();
            record("alpha", List.of(), CL_STATUS + " rscstatus");
            record("beta", List.of(), CL_STATUS + " rscstatus");
        }
        recordHandovers();
        out.println("### crossover cable cut at beta (eth1 down, eth0 up)");
        cluster.cutCable("beta");
        awaitAnswer("alpha", "hblinkstatus beta eth1", "dead");
        for (String query : List.of("hblinkstatus beta eth1", "hblinkstatus beta eth0", "listhblinks -v beta",
                "nodestatus beta", "listnodes -v")) {
            record("alpha", List.of(), CL_STATUS + " " + query);
        }
        cluster.restoreCable("beta");
        awaitAnswer("alpha", "hblinkstatus beta eth1", "up");
        out.println("### ping node unreachable (the client's link down)");
        cluster.network().exec(cluster.client(), "ip", "link", "set", "eth0", "down");
        awaitAnswer("alpha", "hblinkstatus " + PING_NODE + " " + PING_NODE, "dead");
        for (String query : List.of("nodestatus " + PING_NODE, "nodestatus -m " + PING_NODE, "nodetype " + PING_NODE,
                "hblinkstatus " + PING_NODE + " " + PING_NODE, "listhblinks -v " + PING_NODE, "listnodes -v")) {
            record("alpha", List.of(), CL_STATUS + " " + query);
        }
        cluster.network().exec(cluster.client(), "ip", "link", "set", "eth0", "up");
        awaitAnswer("alpha", "nodestatus " + PING_NODE, "ping");
        out.println("### beta powered off (link down, every process killed)");
        cluster.powerOff("beta", "recording");
        awaitAnswer("alpha", "nodestatus beta", "dead");
        for (String query : List.of("nodestatus beta", "nodestatus -m beta", "hblinkstatus beta eth0",
                "hblinkstatus beta eth1", "listhblinks -v beta", "listnodes", "listnodes -v", "hbstatus -v",
                "rscstatus", "rscstatus -m", "nodeweight beta", "nodetype beta", "clientstatus beta ipfail", "test")) {
            record("alpha", List.of(), CL_STATUS + " " + query);
        }
    }

    /** The standby and takeover requests an administrator issues, each answered by both nodes' rscstatus. */
    private void recordHandovers() throws Exception {
        out.println("### hb_standby on alpha");
        record("alpha", List.of(), HB_STANDBY);
        awaitHolders("beta", "none", "all");
        rscstatusOfBoth();
        out.println("### hb_takeover on alpha");
        record("alpha", List.of(), HB_TAKEOVER);
        awaitHolders("alpha", "all", "none");
        rscstatusOfBoth();
        out.println("### hb_standby foreign on beta, then local on alpha");
        record("beta", List.of(), HB_STANDBY + " foreign");
        rscstatusOfBoth();
        awaitQuiet();
        rscstatusOfBoth();
        record("alpha", List.of(), HB_STANDBY + " local");
        awaitHolders("beta", "foreign", "foreign");
        rscstatusOfBoth();
        out.println("### hb_takeover all on alpha, then hb_standby failback on alpha");
        record("alpha", List.of(), HB_TAKEOVER + " all");
        awaitHolders("alpha", "all", "none");
        rscstatusOfBoth();
        record("alpha", List.of(), HB_STANDBY + " failback");
        awaitQuiet();
        rscstatusOfBoth();
    }

    private void rscstatusOfBoth() {
        for (String node : List.of("alpha", "beta")) {
            record(node, List.of(), CL_STATUS + " rscstatus");
            record(node, List.of(), CL_STATUS + " rscstatus -m");
        }
    }

    /** ha.cf with no timing, port or failback line: what heartbeat reports for the defaults it fills in. */
    private void recordDefaults() throws Exception {
        for (SimulatedNode node : cluster.nodes()) {
            Files.writeString(ClusterFiles.configDir(node.directory()).resolve("ha.cf"), """
                    # heartbeat's defaults: only what it cannot start without, and a syslog facility
                    logfacility daemon
                    use_logd no
                    ucast eth0 10.79.0.1
                    ucast eth0 10.79.0.2
                    node alpha
                    node beta
                    crm off
                    """);
        }
        cluster.powerOn("alpha");
        cluster.powerOn("beta");
        // auto_failback legacy: heartbeat keeps no account of what each node holds, so both say none.
        awaitHolders("alpha", "none", "none");
        out.println("### defaults: ha.cf names only logfacility daemon, use_logd no, the media, the nodes, crm off");
        configuration();
        for (String name : PARAMETERS) {
            record("alpha", List.of(), CL_STATUS + " hbparameter -p " + name);
        }
        for (String query : List.of("hbstatus -v", "hbstatus -m -v", "test")) {
            record("alpha", List.of(), CL_STATUS + " " + query);
        }
        rscstatusOfBoth();
    }

    /** The files the cluster runs with, as the situations after this one find them on alpha. */
    private void configuration() throws IOException {
        Path config = ClusterFiles.configDir(cluster.node("alpha").directory());
        for (String file : List.of("ha.cf", "haresources")) {
            out.println("--- " + file);
            out.print(Files.readString(config.resolve(file)));
        }
        out.println("--- end");
    }

    private void queries(String node, List<String> as) {
        for (String query : QUERIES) {
            record(node, as, (CL_STATUS + " " + query).strip());
        }
        for (String name : PARAMETERS) {
            record(node, as, CL_STATUS + " hbparameter -p " + name);
        }
    }

    private void record(String node, List<String> as, String command) {
        record(cluster, out, node, as, command);
    }

    /** Runs {@code command} (words split at spaces) on the node, as {@code as} says, and prints it with its answer. */
    static void record(ClusterLab cluster, PrintStream out, String node, List<String> as, String command) {
        List<String> argv = new ArrayList<>(as);
        argv.addAll(Stream.of(command.split(" ")).filter(word -> !word.isEmpty()).toList());
        CommandResult result = cluster.node(node).run(argv.toArray(String[]::new));
        out.println("$ " + node + ": " + String.join(" ", argv));
        out.println("--- stdout");
        out.print(result.stdout());
        out.println("--- stderr");
        out.print(result.stderr());
        out.println("--- rc " + result.exitCode());
    }

    /** Waits for the group's holder to carry the address and for both nodes' rscstatus to say what is expected. */
    private void awaitHolders(String holder, String alpha, String beta) throws InterruptedException {
        if (!Await.condition(SETTLE_WAIT, () -> cluster.vipHolders().equals(List.of(holder))
                && answer("alpha", "rscstatus").equals(alpha) && answer("beta", "rscstatus").equals(beta))) {
            throw new IllegalStateException("heartbeat did not settle with " + holder + " holding the group (alpha "
                    + alpha + ", beta " + beta + "; they say " + answer("alpha", "rscstatus") + ", "
                    + answer("beta", "rscstatus") + "):\n" + cluster.describe());
        }
    }

    private void awaitAnswer(String node, String query, String expected) throws InterruptedException {
        if (!Await.condition(SETTLE_WAIT, () -> answer(node, query).equals(expected))) {
            throw new IllegalStateException("cl_status " + query + " on " + node + " never said " + expected + ":\n"
                    + cluster.describe());
        }
    }

    /** heartbeat acts on a failback standby without a sign in rscstatus: waits until its log is quiet. */
    private void awaitQuiet() throws InterruptedException {
        HeartbeatLogRecording.awaitQuiet(cluster);
    }

    private String answer(String node, String query) {
        return cluster.node(node).run(Stream.concat(Stream.of(CL_STATUS), Stream.of(query.split(" ")))
                .toArray(String[]::new)).stdout().strip();
    }
}
