package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.testsupport.netns.NetnsLab;
import org.jheartbeat.testsupport.netns.NetnsNode;
import org.jheartbeat.testsupport.storage.LoopImage;

/**
 * A simulated cluster on one machine (root): the seed's two nodes "alpha" (preferred) and "beta", or more for a
 * scale run ({@link ClusterSetup#nodeCount()}), and a "client" on a bridge ({@link NetnsLab}); when the group has
 * a filesystem, one loop ext3 image the nodes can mount (what DRBD replicates on real machines), the DRBD stand-in,
 * and on each node tgtd and the agent — jheartbeat started by the distribution's own launcher
 * ({@code bin/jheartbeat}), or heartbeat 3.0.6 for the benchmark. {@link #close()} powers everything off and
 * removes namespaces, loop device and files, also when a scenario failed half way.
 */
public final class ClusterLab implements AutoCloseable {

    /** The (first) group's virtual address, {@link ClusterSetup#vip}(0). */
    public static final String VIP = "10.79.0.100";
    static final String HEARTBEAT_DAEMON = "/usr/libexec/heartbeat/heartbeat";
    /** Stands for the node's own directory in {@link #addBootStep} lines. */
    public static final String NODE_DIRECTORY = "@NODE_DIRECTORY@";
    /** The crossover cable's interface on both ends ({@link #addCrossoverCable}). */
    public static final String CABLE = "eth1";
    private static final String CABLE_SUBNET = "10.79.1.";
    private static final Duration POWER_OFF_WAIT = Duration.ofSeconds(10);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterSetup setup;
    private final Path home;
    private final Path run;
    private final NetnsLab lab;
    private final Map<String, SimulatedNode> nodes = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<String> bootSteps = new ArrayList<>();
    /** Nodes that run heartbeat 3.0.6 whatever the cluster's agent: a mixed pair. */
    private final Set<String> heartbeatNodes = new HashSet<>();
    /** Per node, how much of its agent log earlier agents wrote: a new agent's start is looked for after it. */
    private final Map<String, Integer> agentLogStarts = new java.util.concurrent.ConcurrentHashMap<>();
    /** What each jheartbeat agent's command line runs through, given the node's name ({@link #launchAgentsThrough}). */
    private java.util.function.BiFunction<String, List<String>, List<String>> agentLauncher = (name, argv) -> argv;
    private NetnsNode client;
    private ClusterFiles files;
    private DrbdStandInPair drbd;

    private ClusterLab(ClusterSetup setup, Path home, Path run) {
        this.setup = setup;
        this.home = home;
        this.run = run;
        this.lab = NetnsLab.create();
    }

    /**
     * Builds the cluster's machines, storage and configuration, all powered off.
     *
     * @param home the jheartbeat distribution (packaging/target/jheartbeat) whose bin/jheartbeat runs the agents
     */
    public static ClusterLab create(ClusterSetup setup, Path home) throws IOException {
        if (setup.agent() == Agent.JHEARTBEAT && !Files.isExecutable(home.resolve("bin/jheartbeat"))) {
            throw new IllegalStateException(home.resolve("bin/jheartbeat") + " missing: build the distribution first"
                    + " (mvn -B -q package -DskipTests)");
        }
        ClusterLab cluster = new ClusterLab(setup, home.toAbsolutePath(), Files.createTempDirectory("jhb-e2e-"));
        try {
            cluster.build();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void build() throws IOException {
        List<String> names = setup.nodeNames();
        for (int index = 0; index < names.size(); index++) {
            Path nodeDir = Files.createDirectories(run.resolve("nodes").resolve(names.get(index)));
            String address = setup.nodeAddress(index);
            NetnsNode net = lab.addNode(names.get(index), address + "/24");
            nodes.put(names.get(index), new SimulatedNode(lab, net, address, nodeDir));
        }
        client = lab.addNode("client", setup.clientAddress() + "/24");
        Path data = Files.createDirectories(run.resolve("data"));
        Path device = null;
        if (setup.runs(Service.FILESYSTEM) || setup.runs(Service.DRBD)) {
            LoopImage disk = LoopImage.create(new ProcessCommandRunner(), run, 128, "ext3");
            resources.add(disk);
            device = disk.device();
            prepareSharedFilesystem(device, data);
        }
        if (setup.runs(Service.DRBD)) {
            drbd = DrbdStandInPair.create(run.resolve("drbd"), setup.nodeAddress(0), setup.nodeAddress(1));
        }
        files = new ClusterFiles(setup, run, device, data, drbd);
        files.writeShared();
        for (SimulatedNode node : nodes.values()) {
            files.writeNode(node.name(), node.directory(), ClusterFiles.SECRET, setup.agent());
        }
    }

    /** What the seed's /data holds before the first start: the export, Ganesha's recovery state, the LUN file. */
    private void prepareSharedFilesystem(Path device, Path data) {
        host("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount -t ext3 " + device + " " + data + " && mkdir -p " + data + "/export " + data + "/nfs-state"
                        + " && truncate -s 16M " + data + "/lun0.img && umount " + data);
    }

    public SimulatedNode node(String name) {
        SimulatedNode node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " (nodes: " + nodes.keySet() + ")");
        }
        return node;
    }

    public List<SimulatedNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public NetnsNode client() {
        return client;
    }

    public NetnsLab network() {
        return lab;
    }

    public ClusterSetup setup() {
        return setup;
    }

    /** Where the run keeps its configuration, logs and scratch files; deleted on close. */
    public Path runDirectory() {
        return run;
    }

    /** Null when the group has no drbddisk. */
    public DrbdStandInPair drbd() {
        return drbd;
    }

    /** The haresources file every node has, one line per group. */
    public String haresources() {
        return haresources(nodes().get(0).name());
    }

    /** The node's haresources (for heartbeat, its own Ganesha log path; otherwise the same on every node). */
    public String haresources(String node) {
        return files.haresources(node(node).directory()).strip();
    }

    /** Where the group's shared filesystem is mounted on the node that holds it. */
    public Path dataDirectory() {
        return files.dataDir();
    }

    /**
     * Gives the node a fencer that only records what it was asked (a line in the node's {@code fenced} file: time
     * in epoch milliseconds, reason) and powers nothing off; read before its agent next starts.
     */
    public void recordFencingOnly(String name) throws IOException {
        Path dir = node(name).directory();
        Path script = run.resolve("record-fencing.sh");
        if (!Files.exists(script)) {
            Resources.copyExecutable("record-fencing.sh", run);
        }
        Files.writeString(ClusterFiles.settings(dir), Files.readString(ClusterFiles.settings(dir))
                + "jheartbeat.fencing.command = [\"" + script + "\", \"" + dir + "\"]\n");
    }

    /** What the node's recording fencer was asked, one line per call: time and reason. */
    public List<String> recordedFencing(String name) throws IOException {
        Path record = node(name).directory().resolve("fenced");
        return Files.exists(record) ? Files.readAllLines(record) : List.of();
    }

    /** Gives the node another authkeys secret before it boots (a misconfigured or foreign machine). */
    public void useSecret(String node, String secret) throws IOException {
        files.writeNode(node, node(node).directory(), secret, agent(node));
    }

    /**
     * Adds a shell line every node runs at boot, inside its own mount namespace, after the agent's own mounts and
     * before its services; {@link #NODE_DIRECTORY} in it stands for the node's directory.
     */
    public void addBootStep(String line) {
        bootSteps.add(line);
    }

    /**
     * Gives every node a {@code /dev/log} of its own whose messages are kept with their arrival time
     * ({@link SyslogCapture}, {@link #syslog}); before the nodes power on.
     */
    public void captureSyslog() {
        SyslogCapture.bootSteps(NODE_DIRECTORY).forEach(this::addBootStep);
    }

    /** What the node's own syslog received so far ({@link #captureSyslog}), in arrival order. */
    public List<SyslogCapture.Message> syslog(String name) {
        return SyslogCapture.read(node(name).directory().resolve(SyslogCapture.FILE));
    }

    /**
     * Adds lines to every node's ha.cf (directives the setup does not write); before the nodes power on, as an
     * administrator edits ha.cf before starting the cluster.
     */
    public void appendToHaCf(String lines) throws IOException {
        for (SimulatedNode node : nodes.values()) {
            Files.writeString(ClusterFiles.configDir(node.directory()).resolve("ha.cf"), lines.strip() + "\n",
                    StandardOpenOption.APPEND);
        }
    }

    /**
     * A second medium for a two-node cluster: a crossover cable {@value #CABLE} straight from the first node to the
     * second (10.79.1.0/24, off the bridge, so clients never use it), and a {@code ucast} line for it in ha.cf.
     */
    public void addCrossoverCable() throws IOException {
        List<SimulatedNode> pair = nodes().subList(0, 2);
        lab.cable(CABLE, pair.get(0).net(), CABLE_SUBNET + "1/24", pair.get(1).net(), CABLE_SUBNET + "2/24");
        appendToHaCf("ucast " + CABLE + " " + CABLE_SUBNET + "1\nucast " + CABLE + " " + CABLE_SUBNET + "2");
    }

    /** Unplugs the node's end of the crossover cable: the other medium, eth0, stays up. */
    public void cutCable(String name) {
        host("ip", "-n", node(name).net().namespace(), "link", "set", CABLE, "down");
    }

    public void restoreCable(String name) {
        host("ip", "-n", node(name).net().namespace(), "link", "set", CABLE, "up");
    }

    /**
     * This node runs Debian's heartbeat 3.0.6 instead of the cluster's agent, with the same ha.cf, haresources and
     * authkeys: a mixed pair, one node not yet upgraded. Call before powering it on.
     */
    public void runHeartbeatOn(String name) throws IOException {
        SimulatedNode node = node(name);
        host("rm", "-rf", ClusterFiles.configDir(node.directory()).toString(),
                ClusterFiles.settings(node.directory()).toString());
        files.writeNode(name, node.directory(), ClusterFiles.SECRET, Agent.HEARTBEAT);
        heartbeatNodes.add(name);
    }

    /**
     * This node, whose heartbeat 3.0.6 has stopped, runs jheartbeat from now on, as jheartbeat's package install makes
     * it (heartbeat removed): its /etc/ha.d stays as heartbeat left it, with the same ha.cf, haresources and authkeys,
     * and it gets jheartbeat's settings.
     */
    public void runJheartbeatOn(String name) throws IOException {
        files.writeNode(name, node(name).directory(), ClusterFiles.SECRET, Agent.JHEARTBEAT);
        heartbeatNodes.remove(name);
    }

    /** The agent the node runs: the cluster's, unless {@link #runHeartbeatOn} said heartbeat. */
    public Agent agent(String name) {
        return heartbeatNodes.contains(name) ? Agent.HEARTBEAT : setup.agent();
    }

    /** Powers the node on: boots it (tgtd when the group has iSCSI), its DRBD side attaches, then its agent starts. */
    public void powerOn(String name) throws IOException {
        boot(name);
        startAgent(name);
    }

    /** Powers the node on without starting its agent, as a machine whose cluster service is not enabled. */
    public void boot(String name) throws IOException {
        SimulatedNode node = node(name);
        Path dir = node.directory();
        List<String> mounts = new ArrayList<>();
        List<String> services = new ArrayList<>();
        if (agent(name) == Agent.HEARTBEAT) {
            mounts.add("mount --bind " + ClusterFiles.configDir(dir) + " /etc/ha.d");
            // Its own /var/lib/heartbeat, without the host's node identity (hb_uuid) and caches.
            Path lib = dir.resolve("lib-heartbeat");
            mounts.add("[ -d " + lib + " ] || { cp -a /var/lib/heartbeat " + lib + " && rm -f " + lib + "/hb_uuid " + lib
                    + "/hb_generation " + lib + "/hostcache " + lib + "/delhostcache " + lib + "/fifo; }");
            mounts.add("mount --bind " + lib + " /var/lib/heartbeat");
            mounts.add("mkdir -p /run/heartbeat/ccm /run/heartbeat/crm /run/heartbeat/dopd /run/crm /run/resource-agents");
            mounts.add("chown -R hacluster:haclient /run/heartbeat /run/crm && chmod 750 /run/heartbeat /run/crm");
        }
        mounts.addAll(bootSteps.stream().map(step -> step.replace(NODE_DIRECTORY, dir.toString())).toList());
        if (setup.runs(Service.ISCSI)) {
            services.add("tgtd -f -C 0 >>" + dir.resolve("tgtd.log") + " 2>&1");
        }
        node.boot(mounts, services);
        if (drbd != null) {
            drbd.attach(files.drbdNode(name));
        }
    }

    /** Starts the agent of a booted node, as its service's start does. */
    public void startAgent(String name) {
        SimulatedNode node = node(name);
        Path log = agentLog(node.name());
        if (agent(name) == Agent.JHEARTBEAT) {
            agentLogStarts.put(name, agentLogText(name).length());
            node.startAgent(log, agentCommand(node.name()).toArray(String[]::new));
        } else {
            // heartbeat daemonizes; memlock stays limited on this machine (it logs that and carries on). Its own
            // output goes apart: it repeats on standard error what it writes to its logfile while starting.
            CommandResult started = node.run("sh", "-c", "exec " + HEARTBEAT_DAEMON + " >>"
                    + node.directory().resolve("heartbeat.out") + " 2>&1");
            if (!started.succeeded()) {
                throw new IllegalStateException("heartbeat did not start on " + node.name() + ": " + started.describe());
            }
        }
    }

    /** The command line of the node's jheartbeat agent: the distribution's launcher with the node's files. */
    public List<String> agentCommand(String name) {
        return agentCommand(name, name);
    }

    private List<String> agentCommand(String machine, String nodeName) {
        Path dir = node(machine).directory();
        return agentLauncher.apply(machine, List.of(home.resolve("bin/jheartbeat").toString(), "--config-dir",
                ClusterFiles.configDir(dir).toString(), "--node", nodeName, "--settings",
                ClusterFiles.settings(dir).toString()));
    }

    /**
     * jheartbeat agents started from now on run their command line through {@code launcher}, which gets the machine's
     * name and the command line and returns the one to run (under {@code env} with a preloaded library, say).
     */
    public void launchAgentsThrough(java.util.function.BiFunction<String, List<String>, List<String>> launcher) {
        this.agentLauncher = launcher;
    }

    /** Starts jheartbeat on the booted machine under another node's name: a cloned machine that believes it is {@code as}. */
    public void startAgentAs(String machine, String as) {
        agentLogStarts.put(machine, agentLogText(machine).length());
        node(machine).startAgent(agentLog(machine), agentCommand(machine, as).toArray(String[]::new));
    }

    /** Rewrites the machine's ha.cf, e.g. to leave a node out of its node lines. */
    public void editHaCf(String machine, UnaryOperator<String> edit) throws IOException {
        Path haCf = ClusterFiles.configDir(node(machine).directory()).resolve("ha.cf");
        Files.writeString(haCf, edit.apply(Files.readString(haCf)));
    }

    /**
     * Waits until the node's jheartbeat agent says it started (built its groups, passed the startup checks, joined);
     * false when it exited or did not within {@code wait}. For heartbeat: until its daemon runs.
     */
    public boolean awaitAgentStarted(String name, Duration wait) throws InterruptedException {
        SimulatedNode node = node(name);
        if (agent(name) == Agent.HEARTBEAT) {
            return Await.condition(wait, () -> node.isUp() && node.run("cl_status", "hbstatus").succeeded());
        }
        // Only what this agent wrote: the log goes on from the node's earlier agents, whose start it also shows.
        String started = "node " + name + " started";
        return Await.condition(wait, () -> agentLogText(name).substring(agentLogStarts.getOrDefault(name, 0))
                .contains(started) || node.agent().isEmpty()) && node.agent().isPresent();
    }

    /**
     * Powers every node on in ha.cf order, each once the previous node's agent has started (agents started at the
     * same instant on a small machine can each miss the others' join and start alone). Returns the milliseconds from
     * the first power-on until each agent started; empty when one did not within {@code wait}.
     */
    public Optional<Map<String, Long>> powerOnOneByOne(Duration wait) throws IOException, InterruptedException {
        Map<String, Long> started = new LinkedHashMap<>();
        long first = System.nanoTime();
        for (String name : nodes.keySet()) {
            powerOn(name);
            if (!awaitAgentStarted(name, wait)) {
                return Optional.empty();
            }
            started.put(name, Await.millisSince(first));
        }
        return Optional.of(started);
    }

    /** Every group's address on its preferred node only: where a cluster with auto_failback settles. */
    public boolean holdsEveryGroupOnItsPreferredNode() {
        Map<String, List<String>> holders = addressHolders();
        for (int group = 0; group < setup.groupCount(); group++) {
            if (!holders.get(setup.vip(group)).equals(List.of(setup.preferredNode(group)))) {
                return false;
            }
        }
        return true;
    }

    /** Sends the node's agent a signal (TERM: leave gracefully, handing its groups over; KILL: die at once). */
    public void signalAgent(String name, String signal) {
        long pid = node(name).agent().orElseThrow(() -> new IllegalStateException("no agent runs on " + name)).pid();
        host("kill", "-" + signal, Long.toString(pid));
    }

    /**
     * Restarts the node's jheartbeat agent as its init script would: SIGTERM (it hands its groups over and leaves),
     * and once it has exited, the same command again.
     */
    public void restartAgent(String name, Duration wait) throws InterruptedException {
        if (agent(name) != Agent.JHEARTBEAT) {
            throw new UnsupportedOperationException("restartAgent runs jheartbeat's agent only");
        }
        ProcessHandle agent = node(name).agent().orElseThrow(() -> new IllegalStateException("no agent runs on " + name));
        signalAgent(name, "TERM");
        if (!Await.condition(wait, () -> !agent.isAlive())) {
            throw new IllegalStateException("the agent on " + name + " did not exit within " + wait + " of SIGTERM");
        }
        startAgent(name);
    }

    /**
     * Restarts the node's jheartbeat agent in place, as {@code systemctl restart heartbeat} and the init script's
     * restart do: the restart request beside the agent's lock (what the unit's ExecStop and the init script write),
     * SIGTERM (the agent leaves its groups running and tells its peers), and once it has exited the same command
     * again, which adopts them.
     */
    public void restartAgentInPlace(String name, Duration wait) throws InterruptedException {
        CommandResult requested = node(name).run("touch", "/run/jheartbeat/restart-requested");
        if (!requested.succeeded()) {
            throw new IllegalStateException("cannot ask for a restart on " + name + ": " + requested.describe());
        }
        restartAgent(name, wait);
    }

    /** Replaces the node's authkeys (mode 600, as the agent requires); its agent reads it at its next start. */
    public void writeAuthkeys(String name, String content) throws IOException {
        Path authkeys = ClusterFiles.configDir(node(name).directory()).resolve("authkeys");
        Files.writeString(authkeys, content);
        Files.setPosixFilePermissions(authkeys, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Kills the node's agent at once (SIGKILL) and leaves the node up with whatever it runs: for jheartbeat its JVM,
     * for heartbeat every process of the node whose command line is heartbeat's ({@code heartbeat: ...}).
     */
    public void killAgent(String name) throws IOException {
        if (agent(name) == Agent.JHEARTBEAT) {
            signalAgent(name, "KILL");
            return;
        }
        for (long pid : node(name).processes()) {
            try {
                String command = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                if (command.startsWith("heartbeat:")) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            } catch (IOException gone) {
                // The process ended while we looked.
            }
        }
    }

    /**
     * Stops the node's agent as its service's stop does, the node staying up: jheartbeat on TERM, heartbeat 3.0.6
     * through {@code heartbeat -k} (its init script's stop).
     */
    public void stopAgent(String name) {
        if (agent(name) == Agent.JHEARTBEAT) {
            signalAgent(name, "TERM");
            return;
        }
        CommandResult stopped = node(name).run(POWER_OFF_WAIT.multipliedBy(6), HEARTBEAT_DAEMON, "-k");
        if (!stopped.succeeded()) {
            throw new IllegalStateException("heartbeat -k on " + name + ": " + stopped.describe());
        }
    }

    /**
     * Has the node's agent read its configuration again, the node and its groups staying up: jheartbeat on SIGHUP,
     * heartbeat 3.0.6 through {@code heartbeat -r} (its init script's reload).
     */
    public void reloadAgent(String name) {
        if (setup.agent() == Agent.JHEARTBEAT) {
            signalAgent(name, "HUP");
            return;
        }
        CommandResult reloaded = node(name).run(HEARTBEAT_DAEMON, "-r");
        if (!reloaded.succeeded()) {
            throw new IllegalStateException("heartbeat -r on " + name + ": " + reloaded.describe());
        }
    }

    /**
     * Runs one of heartbeat's administration commands (cl_status, hb_standby, hb_takeover) on the node: the agent's
     * own (jheartbeat ships them in bin/; heartbeat 3.0.6 in /usr/bin and /usr/share/heartbeat).
     */
    public CommandResult heartbeatCommand(String name, String command, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(commandPath(agent(name), command).toString()));
        argv.addAll(List.of(arguments));
        return node(name).run(argv.toArray(String[]::new));
    }

    /** Where the agent's administration command (cl_status, hb_standby, hb_takeover) is. */
    public Path commandPath(String command) {
        return commandPath(setup.agent(), command);
    }

    private Path commandPath(Agent agent, String command) {
        if (agent == Agent.JHEARTBEAT) {
            return home.resolve("bin").resolve(command);
        }
        return Path.of(command.equals("cl_status") ? "/usr/bin/cl_status" : "/usr/share/heartbeat/" + command);
    }

    /** Runs the distribution's hbctl on the node (it finds the agent's control socket under the node's own /run). */
    public CommandResult hbctl(String name, String... arguments) {
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/hbctl").toString()));
        argv.addAll(List.of(arguments));
        return node(name).run(argv.toArray(String[]::new));
    }

    /** The agent's own output (jheartbeat: standard error; heartbeat: its logfile). */
    public Path agentLog(String name) {
        Path dir = node(name).directory();
        return agent(name) == Agent.JHEARTBEAT ? dir.resolve("agent.log") : dir.resolve("ha-log");
    }

    public String agentLogText(String name) {
        try {
            Path log = agentLog(name);
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pulls the plug: the node's cable first (from outside, at once), then its DRBD side and every process, by the
     * same script the agents' command fencer runs. Returns the {@link System#nanoTime()} of the failure instant.
     */
    public long powerOff(String name, String reason) throws IOException, InterruptedException {
        SimulatedNode node = node(name);
        long failure = System.nanoTime();
        node.unplug();
        node.run(files.powerOffScript().toString(), node.directory().toString(),
                drbd == null ? "-" : drbd.script().toString(), files.drbdNode(name), reason);
        node.awaitPoweredOff(POWER_OFF_WAIT);
        return failure;
    }

    /** Waits for a node whose agent fenced it (the power-off script ran inside it) to be gone. */
    public void awaitFenced(String name, Duration wait) throws IOException, InterruptedException {
        node(name).awaitPoweredOff(wait);
    }

    /** What the node's fencing (or a test's power-off) recorded, one line per power-off: time and reason. */
    public List<String> powerOffs(String name) throws IOException {
        Path record = node(name).directory().resolve("powered-off");
        return Files.exists(record) ? Files.readAllLines(record) : List.of();
    }

    /** Cuts every link of the node: its cable (cluster traffic, clients) and with it DRBD's replication link. */
    public void cutLinks(String name) {
        node(name).unplug();
        if (drbd != null) {
            drbd.link("down");
        }
    }

    public void restoreLinks(String name) {
        node(name).plugIn();
        if (drbd != null) {
            drbd.link("up");
        }
    }

    /** Cuts the link between the two nodes only (each drops the other's packets); the client still reaches both. */
    public void partition() {
        partition(List.of(nodes().get(0).name()));
    }

    public void heal() {
        heal(List.of(nodes().get(0).name()));
    }

    /**
     * Cuts the cluster in two: the nodes of {@code side} and the others drop each other's packets (a prohibit route
     * to every node across), while the client still reaches every node.
     */
    public void partition(List<String> side) {
        routesAcross(side, "add");
        if (drbd != null) {
            drbd.link("down");
        }
    }

    public void heal(List<String> side) {
        routesAcross(side, "del");
        if (drbd != null) {
            drbd.link("up");
        }
    }

    private void routesAcross(List<String> side, String change) {
        for (SimulatedNode one : nodes.values()) {
            for (SimulatedNode other : nodes.values()) {
                if (side.contains(one.name()) != side.contains(other.name())) {
                    host("ip", "-n", one.net().namespace(), "route", change, "prohibit", other.address() + "/32");
                }
            }
        }
    }

    /**
     * Gives every cluster node the firewall a heartbeat site has: incoming packets dropped except on loopback, replies
     * to what the node sent, and UDP to the cluster's port (nftables, inside each node's own network namespace, so the
     * rules go with the lab).
     */
    public void firewallAllButTheClusterPort() throws IOException {
        Path rules = run.resolve("cluster-port-only.nft");
        Files.writeString(rules, """
                table inet jheartbeat_lab {
                  chain input {
                    type filter hook input priority 0; policy drop;
                    iif "lo" accept
                    ct state established,related accept
                    udp dport %d accept
                  }
                }
                """.formatted(ClusterSetup.UDP_PORT));
        for (SimulatedNode node : nodes.values()) {
            host("ip", "netns", "exec", node.net().namespace(), "nft", "-f", rules.toString());
        }
    }

    /** Every socket the node's agent holds, as {@code ss} in the node's namespace lists them. */
    public List<AgentSocket> agentSockets(String name) {
        long pid = node(name).agent().orElseThrow(() -> new IllegalStateException("no agent runs on " + name)).pid();
        return AgentSocket.parse(host("ip", "netns", "exec", node(name).net().namespace(), "ss", "-H", "-a", "-n", "-p")
                .stdout(), pid);
    }

    /** The powered-on nodes whose eth0 carries the (first group's) virtual address right now. */
    public List<String> vipHolders() {
        return addressHolders().get(VIP);
    }

    /** As {@link #vipHolders()}, the nodes read in the opposite order. */
    public List<String> vipHoldersReadBackwards() {
        List<SimulatedNode> backwards = new ArrayList<>(nodes.values());
        Collections.reverse(backwards);
        return addressHolders(backwards).get(VIP);
    }

    /** For each group's virtual address, the powered-on nodes whose eth0 carries it right now (one look per node). */
    public Map<String, List<String>> addressHolders() {
        return addressHolders(List.copyOf(nodes.values()));
    }

    private Map<String, List<String>> addressHolders(List<SimulatedNode> readOrder) {
        Map<String, List<String>> holders = new LinkedHashMap<>();
        setup.vips().forEach(vip -> holders.put(vip, new ArrayList<>()));
        for (SimulatedNode node : readOrder) {
            if (!node.isUp()) {
                continue;
            }
            String addresses = host("ip", "-n", node.net().namespace(), "-o", "-4", "addr", "show", "dev", "eth0")
                    .stdout();
            holders.forEach((vip, on) -> {
                if (addresses.contains(" " + vip + "/")) {
                    on.add(node.name());
                }
            });
        }
        List<String> names = List.copyOf(nodes.keySet());
        holders.values().forEach(on -> on.sort(Comparator.comparingInt(names::indexOf)));
        return holders;
    }

    public CommandResult onClient(Duration timeout, String... argv) {
        return lab.runnerIn(client).run(Command.of(timeout, argv));
    }

    private CommandResult host(String... argv) {
        CommandResult result = new ProcessCommandRunner().run(Command.of(TOOL_TIMEOUT, argv));
        if (!result.succeeded()) {
            throw new IllegalStateException("cluster lab: " + result.describe());
        }
        return result;
    }

    /** The last lines of every agent's log, for failure messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("VIP on ").append(vipHolders()).append('\n');
        for (SimulatedNode node : nodes.values()) {
            List<String> lines = agentLogText(node.name()).lines().toList();
            text.append("--- ").append(node.name()).append(" (").append(agentLog(node.name())).append(")\n");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        lab.close();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                problems.add(e.getMessage());
            }
        }
        if (!Boolean.getBoolean("jheartbeat.e2e.keep")) {
            try (Stream<Path> walk = Files.walk(run)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                problems.add("cannot delete " + run + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cleanup: " + String.join("; ", problems));
        }
    }
}
