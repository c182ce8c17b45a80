package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;

/**
 * A heartbeat site's own scripts on the two-node cluster, for the scenarios that compare jheartbeat with a
 * recording of heartbeat 3.0.6 ({@link SiteScenario}): the site's resource.d and init.d scripts (the {@code site-script}
 * resource, which logs every call), its haresources line and ha.cf lines, the same for both agents. jheartbeat gets
 * no settings beyond the control socket and the tests' power switch as fencer: the site changed nothing.
 *
 * <p>Each node boots with a {@code /dev} of its own (the host's devices linked in) whose {@code /dev/log} is a syslog
 * socket writing to the node's {@code syslog} file, so what scripts and agents send to syslog can be read.
 */
public final class SiteLab implements AutoCloseable {

    /** The cluster's timing: heartbeat's and jheartbeat's failure detection both within a second or two. */
    private static final ClusterSetup TIMING = new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false,
            EnumSet.noneOf(Service.class));
    private static final String SCRIPT = "site/site-script";

    private final ClusterLab cluster;
    private final Site scenario;
    private final Path calls;
    private final Path state;
    private final long originNanos;
    private final long originEpochNanos;
    private final List<String> steps = new ArrayList<>();

    private SiteLab(ClusterLab cluster, Site scenario) {
        this.cluster = cluster;
        this.scenario = scenario;
        this.calls = cluster.runDirectory().resolve("site-calls.log");
        this.state = cluster.runDirectory().resolve("site-state");
        this.originNanos = System.nanoTime();
        java.time.Instant now = java.time.Instant.now();
        this.originEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Builds the powered-off cluster for {@code scenario} with {@code agent} on every node. */
    public static SiteLab create(Site scenario, Agent agent, Path home) throws IOException {
        return create(TIMING.with(agent, EnumSet.noneOf(Service.class)), scenario, home);
    }

    /**
     * Builds the powered-off cluster of {@code setup} with the site's scripts at the end of every group, each script
     * an instance per group ({@code sitesvc::g1}, logged as {@code sitesvc:g1}) when there are several groups. A
     * setup with services keeps the harness's jheartbeat settings, which those services need.
     */
    public static SiteLab create(ClusterSetup setup, Site scenario, Path home) throws IOException {
        ClusterLab cluster = ClusterLab.create(setup, home);
        try {
            SiteLab site = new SiteLab(cluster, scenario);
            site.install();
            return site;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void install() throws IOException {
        Files.createDirectories(state);
        Files.writeString(calls, "");
        String script = siteScript();
        for (SimulatedNode node : cluster.nodes()) {
            Path dir = node.directory();
            Path configDir = ClusterFiles.configDir(dir);
            for (String name : scenario.resourceScripts(node.name())) {
                writeExecutable(configDir.resolve("resource.d").resolve(name), script);
            }
            Files.createDirectories(dir.resolve("init.d"));
            for (String name : scenario.initScripts(node.name())) {
                writeExecutable(dir.resolve("init.d").resolve(name), script);
            }
            Files.writeString(configDir.resolve("haresources"), haresources(node.name()));
            String haCf = Files.readString(configDir.resolve("ha.cf"));
            StringBuilder extra = new StringBuilder();
            for (String line : scenario.haCfLines()) {
                extra.append(line.replace(SiteScenario.CLIENT, cluster.setup().clientAddress())).append('\n');
            }
            Files.writeString(configDir.resolve("ha.cf"), haCf + extra);
            if (cluster.setup().agent() == Agent.JHEARTBEAT && cluster.setup().services().isEmpty()) {
                Files.writeString(ClusterFiles.settings(dir), """
                        # written by the e2e harness: an unchanged heartbeat site, the tests' power switch as fencer
                        jheartbeat {
                          control-socket = "/run/jheartbeat/control.sock"
                          transport.generation-file = "%2$s/hb_generation"
                          fencing { method = command, command = ["%1$s", "%2$s", "-", "-"], command-timeout = 10s }
                        }
                        """.formatted(cluster.runDirectory().resolve("power-off.sh"), dir));
            }
        }
        String nodeDir = ClusterLab.NODE_DIRECTORY;
        cluster.addBootStep("mount --bind " + nodeDir + "/init.d /etc/init.d");
        cluster.captureSyslog();
    }

    /** The operator adds a haresources line on every node, as written (the site's scripts are not appended). */
    public void addToHaresources(String line) throws IOException {
        for (SimulatedNode node : cluster.nodes()) {
            Path file = ClusterFiles.configDir(node.directory()).resolve("haresources");
            Files.writeString(file, Files.readString(file).strip() + "\n" + line + "\n");
        }
    }

    /** The cluster's groups, each followed by the site's scripts. */
    private String haresources(String node) {
        List<String> groups = cluster.haresources(node).lines().toList();
        StringBuilder lines = new StringBuilder();
        for (int group = 0; group < groups.size(); group++) {
            String instance = groups.size() > 1 ? "::g" + group : "";
            lines.append(groups.get(group));
            scenario.resources().forEach(resource -> lines.append(' ').append(resource).append(instance));
            lines.append('\n');
        }
        return lines.toString();
    }

    private String siteScript() throws IOException {
        try (InputStream in = SiteLab.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("harness resource " + SCRIPT + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@CALLS@", calls.toString()).replace("@STATE@", state.toString());
        }
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public ClusterLab cluster() {
        return cluster;
    }

    public Agent agent() {
        return cluster.setup().agent();
    }

    /** Seconds since the lab was built, as the recording writes times. */
    private String now() {
        return seconds(System.nanoTime() - originNanos);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - originNanos) / 1e9;
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** Notes a step the scenario took, for the recording. */
    public void step(String what) {
        steps.add(now() + " step " + what);
    }

    /** Notes an answer the scenario read (a command's output, a file), for the recording. */
    public void note(String what) {
        steps.add(now() + " note " + what);
    }

    /** Powers alpha on, then beta, each once the other's agent runs, and waits until alpha's group has started. */
    public void startBoth(Duration wait) throws IOException, InterruptedException {
        for (String node : List.of("alpha", "beta")) {
            step("power on " + node);
            cluster.powerOn(node);
            if (!cluster.awaitAgentStarted(node, wait)) {
                throw new IllegalStateException("the agent on " + node + " did not start:\n" + cluster.describe());
            }
        }
        String last = scenario.resources().get(scenario.resources().size() - 1).split("::")[0];
        awaitCall(wait, call -> call.node().equals("alpha") && call.script().equals(last)
                && call.action().equals("start") && call.ended());
        awaitSettled(wait);
    }

    /** Waits until neither node's {@code cl_status rscstatus} says {@code transition}. */
    public void awaitSettled(Duration wait) throws InterruptedException {
        boolean settled = Await.condition(wait, () -> cluster.nodes().stream().filter(SimulatedNode::isUp)
                .allMatch(node -> {
                    CommandResult answer = cluster.heartbeatCommand(node.name(), "cl_status", "rscstatus");
                    return answer.succeeded() && !answer.stdout().strip().equals("transition");
                }));
        if (!settled) {
            throw new IllegalStateException("the cluster did not settle:\n" + cluster.describe());
        }
    }

    /** Waits for a call of the site's scripts; empty when none came within {@code wait}. */
    public Optional<SiteCall> awaitCall(Duration wait, Predicate<SiteCall> wanted) throws InterruptedException {
        SiteCall[] found = new SiteCall[1];
        Await.condition(wait, () -> {
            found[0] = calls().stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        });
        return Optional.ofNullable(found[0]);
    }

    /** Every call so far, in the order the scripts wrote them, timed from the lab's creation. */
    public List<SiteCall> calls() {
        try {
            return Files.readAllLines(calls).stream().filter(line -> !line.isBlank())
                    .map(line -> SiteCall.parse(line, originEpochNanos)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The calls whose lines were complete past byte {@code offset} of the calls log, for a reader that follows the
     * log as it grows; {@link CallsTail#next()} is where the following read starts.
     */
    public CallsTail callsAfter(long offset) {
        try (java.nio.channels.FileChannel log = java.nio.channels.FileChannel.open(calls)) {
            long size = log.size();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) Math.max(0, size - offset));
            log.read(bytes, offset);
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            List<SiteCall> read = text.substring(0, end).lines().filter(line -> !line.isBlank())
                    .map(line -> SiteCall.parse(line, originEpochNanos)).toList();
            return new CallsTail(read, offset + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls read from the log, and the byte offset after them. */
    public record CallsTail(List<SiteCall> calls, long next) {
    }

    /** What the node's syslog socket received, one message a line ({@code <PRI>TIMESTAMP TAG: TEXT}). */
    public List<String> syslog(String node) throws IOException {
        return cluster.syslog(node).stream().map(SyslogCapture.Message::text).toList();
    }

    /**
     * Makes the script instance ({@code sitesvc:g1}) fail every stop on the node from now on (exit 1, left running), or
     * stop as usual again.
     */
    public void failStops(String node, String instance, boolean fail) throws IOException {
        Path flag = state.resolve(node + "." + instance + ".stop-fails");
        if (fail) {
            Files.writeString(flag, "");
        } else {
            Files.deleteIfExists(flag);
        }
    }

    /** The environment the {@code sitelog} script was last started with on the node, one {@code NAME=value} a line. */
    public List<String> scriptEnvironment(String node) throws IOException {
        Path file = state.resolve(node + ".sitelog.env");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * The recording of this run: the steps and notes, and every call of the site's scripts, in time order, each
     * line {@code SECONDS KIND ...}.
     */
    public List<String> recording() {
        List<String> lines = new ArrayList<>(steps);
        calls().forEach(call -> lines.add(call.line()));
        lines.sort(java.util.Comparator.comparingDouble(line -> Double.parseDouble(line.substring(0, line.indexOf(' ')))));
        return lines;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
