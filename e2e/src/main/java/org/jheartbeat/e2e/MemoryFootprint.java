package org.jheartbeat.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * {@code scripts/benchmark.sh memory}: what each agent of a serving two-node cluster holds in memory once idle.
 * jheartbeat runs the seed's whole group (address, DRBD stand-in, ext3, NFS-Ganesha, tgt); heartbeat 3.0.6 the part
 * it can run here (address, ext3, NFS). Both nodes are powered on, alpha serves, then after IDLE_SECONDS (default
 * 60: past the start's class loading and first collections) each agent's resident memory is read three times, 10 s
 * apart. For jheartbeat the JVM's own accounts follow: heap, metaspace and classes (jcmd, the JDK's tool), and the
 * floor under it ({@link FootprintFloor}, with the launcher's JVM flags and environment): the JVM alone, and the JVM
 * with the libraries DESIGN.md names in use, idle as long.
 * <p>
 * Each VARIANT runs jheartbeat's cluster once more in the same run, its launcher started under the shell assignments
 * the variant names, as a site's {@code /etc/default/jheartbeat} would set them ({@code MALLOC_ARENA_MAX=2}, or
 * {@code JHEARTBEAT_JAVA_OPTS='-XX:NativeMemoryTracking=summary'}, which also prints the JVM's native accounts): a
 * before and after pair on one machine at one load.
 * Arguments: JHEARTBEAT_HOME [IDLE_SECONDS] [jheartbeat|heartbeat|both] [VARIANT...] (both by default).
 */
public final class MemoryFootprint {

    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private static final int SAMPLES = 3;

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: MemoryFootprint JHEARTBEAT_HOME [IDLE_SECONDS] [jheartbeat|heartbeat|both]"
                    + " [VARIANT...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        Duration idle = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        StringBuilder table = new StringBuilder("""
                | agent | node | RSS MiB (3 samples) | anonymous MiB | file MiB | CPU % of a core |
                |---|---|---|---|---|---|
                """);
        StringBuilder accounts = new StringBuilder();
        ClusterSetup jheartbeat = ClusterSetup.seed();
        ClusterSetup heartbeat = jheartbeat.with(Agent.HEARTBEAT, EnumSet.of(Service.FILESYSTEM, Service.NFS));
        List<ClusterSetup> setups = switch (args.length > 2 ? args[2] : "both") {
            case "both" -> List.of(jheartbeat, heartbeat);
            case "jheartbeat" -> List.of(jheartbeat);
            case "heartbeat" -> List.of(heartbeat);
            default -> throw new IllegalArgumentException("MemoryFootprint: unknown agent " + args[2]
                    + " (jheartbeat or heartbeat)");
        };
        List<String> variants = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        if (!variants.isEmpty() && !setups.contains(jheartbeat)) {
            throw new IllegalArgumentException("MemoryFootprint: a variant is a way of starting jheartbeat, not "
                    + args[2]);
        }
        for (ClusterSetup setup : setups) {
            measure(setup, "", home, idle, table, accounts);
        }
        for (String variant : variants) {
            measure(jheartbeat, variant, home, idle, table, accounts);
        }
        if (setups.contains(jheartbeat)) {
            table.append(floor(home, "jvm", "the JVM alone (the agent's flags)", idle)).append('\n');
            table.append(floor(home, "libraries", "the JVM with the named libraries in use", idle)).append('\n');
        }
        System.out.println(table);
        System.out.println(accounts);
    }

    /**
     * Serves the group on a fresh cluster of {@code setup}, its agents started under {@code variant}'s shell
     * assignments (none when empty), and adds each node's rows after {@code idle}.
     */
    private static void measure(ClusterSetup setup, String variant, Path home, Duration idle, StringBuilder table,
                                StringBuilder accounts) throws Exception {
        String label = setup.agent() == Agent.JHEARTBEAT ? "jheartbeat" : "heartbeat 3.0.6";
        if (!variant.isEmpty()) {
            label += " with " + variant;
        }
        try (ClusterLab cluster = ClusterLab.create(setup, home)) {
            if (!variant.isEmpty()) {
                // The assignments go before exec in a shell, so they reach the launcher as a site's defaults file would.
                cluster.launchAgentsThrough((machine, argv) -> Stream.concat(
                        Stream.of("sh", "-c", variant + " exec \"$@\"", "jheartbeat"), argv.stream()).toList());
            }
            serve(cluster);
            Thread.sleep(idle.toMillis());
            for (SimulatedNode node : cluster.nodes()) {
                table.append(samples(label, node)).append('\n');
                if (setup.agent() == Agent.JHEARTBEAT) {
                    accounts.append(label).append(": ").append(JvmAccounts.of(node)).append('\n');
                }
            }
        }
    }

    /** Runs {@link FootprintFloor} in {@code mode} as the launcher runs the agent and reads it after {@code idle}. */
    private static String floor(Path home, String mode, String label, Duration idle) throws Exception {
        // The launcher's own rule: JAVA_HOME's java when it is set, else the one on the path.
        String javaHome = System.getenv("JAVA_HOME");
        List<String> command = new ArrayList<>(List.of(javaHome == null || javaHome.isEmpty() ? "java"
                : Path.of(javaHome, "bin", "java").toString()));
        command.addAll(launcherFlags(home.resolve("bin/jheartbeat")));
        Path classes = floorClasses();
        command.addAll(List.of("-cp", home.resolve("lib") + "/*:" + classes, FootprintFloor.class.getName(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        launcherEnvironment(home.resolve("bin/jheartbeat")).forEach(builder.environment()::putIfAbsent);
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            // JGroups prints its channel's address first.
            StringBuilder printed = new StringBuilder();
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("FootprintFloor " + mode + " exited before it was ready:\n" + printed);
                }
                printed.append(line).append('\n');
            }
            Thread.sleep(idle.toMillis());
            AgentFootprint.Reading reading = AgentFootprint.read(List.of(process.pid()));
            return String.format("| %s | - | %s | %s | %s | - |", label, mib(reading.rssKiB()),
                    mib(reading.anonymousKiB()), mib(reading.rssKiB() - reading.anonymousKiB()));
        } finally {
            process.destroy();
            process.waitFor();
            try (Stream<Path> walk = Files.walk(classes)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * The JVM options the agent's launcher passes: the words between {@code "$java"} and the class path, less the
     * ones the script computes at run time (the socket family from ha.cf, the guard's path), which a shell would
     * have to expand and which change nothing of the memory taken.
     */
    static List<String> launcherFlags(Path launcher) throws IOException {
        String script = Files.readString(launcher).replace("\\\n", " ");
        Matcher exec = Pattern.compile("(?m)^exec \"\\$java\"(.*?) -cp ").matcher(script);
        if (!exec.find()) {
            throw new IllegalStateException(launcher + " has no line exec \"$java\" ... -cp: cannot read the agent's flags");
        }
        return Stream.of(exec.group(1).trim().split("\\s+")).filter(word -> !word.contains("$")).toList();
    }

    /**
     * The variables the agent's launcher exports with a default of its own ({@code export NAME="${NAME:-VALUE}"}):
     * the malloc arena cap, which a site's environment overrides, as the launcher's rule says.
     */
    static Map<String, String> launcherEnvironment(Path launcher) throws IOException {
        Matcher export = Pattern.compile("(?m)^export (\\w+)=\"\\$\\{\\1:-([^}]*)}\"$")
                .matcher(Files.readString(launcher));
        Map<String, String> environment = new LinkedHashMap<>();
        while (export.find()) {
            environment.put(export.group(1), export.group(2));
        }
        return environment;
    }

    /**
     * FootprintFloor's classes alone in a directory of their own: the harness's class directory also holds its
     * logback.xml, which would have Logback load its XML configuration as the agent does not.
     */
    private static Path floorClasses() throws IOException, URISyntaxException {
        Path classes = Path.of(FootprintFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = FootprintFloor.class.getPackageName().replace('.', '/');
        Path copy = Files.createTempDirectory("jhb-floor-");
        Files.createDirectories(copy.resolve(packagePath));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(classes.resolve(packagePath),
                FootprintFloor.class.getSimpleName() + "*.class")) {
            for (Path file : files) {
                Files.copy(file, copy.resolve(packagePath).resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** Powers alpha on, then beta, and waits until alpha serves the group to the client. */
    static void serve(ClusterLab cluster) throws Exception {
        ClientView client = new ClientView(cluster);
        cluster.powerOn("alpha");
        boolean up = cluster.awaitAgentStarted("alpha", START_WAIT);
        cluster.powerOn("beta");
        up = up && cluster.awaitAgentStarted("beta", START_WAIT)
                && Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha")) && client.groupAnswers());
        if (!up) {
            throw new IllegalStateException("alpha never served:\n" + cluster.describe());
        }
    }

    private static String samples(String label, SimulatedNode node) throws Exception {
        StringBuilder rss = new StringBuilder();
        AgentFootprint.Reading first = AgentFootprint.read(node);
        AgentFootprint.Reading last = first;
        for (int sample = 0; sample < SAMPLES; sample++) {
            if (sample > 0) {
                Thread.sleep(SAMPLE_EVERY.toMillis());
                last = AgentFootprint.read(node);
            }
            rss.append(sample == 0 ? "" : " / ").append(mib(last.rssKiB()));
        }
        AgentFootprint footprint = AgentFootprint.between(first, last);
        return String.format("| %s | %s | %s | %s | %s | %.2f |", label, node.name(), rss, mib(last.anonymousKiB()), mib(last.rssKiB() - last.anonymousKiB()),
                footprint.cpuPercent());
    }

    private static String mib(long kib) {
        return String.format("%.1f", kib / 1024.0);
    }
}
