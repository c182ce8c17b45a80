package org.jheartbeat.e2e;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.resource.CommandResult;

/**
 * Issue 20's flood on a serving bcast pair (alpha holding the address-only group): the client sends RATE datagrams a
 * second for a while to the segment's broadcast address on udpport ({@link UdpFlood}), so that both agents read every
 * one, each framed as jheartbeat's are but without the key. What each agent's CPU and log did meanwhile, whether a
 * view changed (a node or link declared dead) and whether the address was ever anywhere but on alpha.
 *
 * @param cpuPercent  per node, the agent's CPU over the window in percent of one core
 * @param logGrowth   per node, the bytes its agent log grew by over the window
 * @param viewChanges the lines either agent logged over the window that declare a node or a link dead
 * @param elsewhere   the address samples over the window that did not see alpha alone
 */
record FloodRun(String kind, long sent, long millis, Map<String, Double> cpuPercent, Map<String, Long> logGrowth,
                List<String> viewChanges, List<String> elsewhere) {

    static final List<String> KINDS = List.of("framed-garbage", "maximum-size");
    static final String HEADER = """
            | flood | datagrams | s | rate | alpha's agent CPU (of one core) | beta's | alpha's log grew | beta's \
            | view changes | address samples not on alpha alone |
            |---|---|---|---|---|---|---|---|---|---|""";
    private static final List<String> NODES = List.of("alpha", "beta");
    private static final Pattern SENT = Pattern.compile("sent (\\d+) datagrams in (\\d+) ms");
    private static final Pattern VIEW_CHANGE = Pattern.compile(".*(node \\S+ dead|link \\S+ to \\S+ down).*");

    /** What went out during a window. */
    private record Sent(long count, long millis) {
    }

    @FunctionalInterface
    private interface Window {
        Sent run() throws IOException, InterruptedException;
    }

    /** The same measures over a window without a flood, to compare with. */
    static FloodRun idle(ClusterLab cluster, Duration duration) throws IOException, InterruptedException {
        return measure(cluster, "none (idle)", () -> {
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            return new Sent(0, Await.millisSince(start));
        });
    }

    static FloodRun flood(ClusterLab cluster, String kind, int rate, Duration duration)
            throws IOException, InterruptedException {
        return measure(cluster, kind, () -> {
            CommandResult flood = cluster.onClient(duration.plusSeconds(30), javaCommand(), "-cp", classes(),
                    UdpFlood.class.getName(), "10.79.0.255", cluster.setup().clientAddress(),
                    Integer.toString(ClusterSetup.UDP_PORT), Integer.toString(rate),
                    Long.toString(duration.toSeconds()), kind);
            Matcher sent = SENT.matcher(flood.stdout());
            if (!flood.succeeded() || !sent.find()) {
                throw new IllegalStateException("the flood did not run: " + flood.describe());
            }
            return new Sent(Long.parseLong(sent.group(1)), Long.parseLong(sent.group(2)));
        });
    }

    private static FloodRun measure(ClusterLab cluster, String kind, Window window)
            throws IOException, InterruptedException {
        Map<String, AgentFootprint.Reading> before = new LinkedHashMap<>();
        Map<String, Integer> logBefore = new LinkedHashMap<>();
        for (String node : NODES) {
            before.put(node, AgentFootprint.read(cluster.node(node)));
            logBefore.put(node, cluster.agentLogText(node).length());
        }
        try (VipWatch watch = new VipWatch(cluster)) {
            Sent sent = window.run();
            Map<String, Double> cpu = new LinkedHashMap<>();
            Map<String, Long> growth = new LinkedHashMap<>();
            List<String> viewChanges = new ArrayList<>();
            for (String node : NODES) {
                cpu.put(node, AgentFootprint.between(before.get(node), AgentFootprint.read(cluster.node(node)))
                        .cpuPercent());
                String added = cluster.agentLogText(node).substring(logBefore.get(node));
                growth.put(node, (long) added.getBytes(StandardCharsets.UTF_8).length);
                added.lines().filter(line -> VIEW_CHANGE.matcher(line).matches())
                        .forEach(line -> viewChanges.add(node + ": " + line));
            }
            return new FloodRun(kind, sent.count(), sent.millis(), cpu, growth, List.copyOf(viewChanges),
                    watch.samplesOtherThan(List.of("alpha")));
        }
    }

    /** One markdown row under {@link #HEADER}. */
    String row() {
        return String.format("| %s | %d | %.1f | %.0f/s | %.1f %% | %.1f %% | %d B | %d B | %d | %d |", kind, sent,
                millis / 1000.0, sent * 1000.0 / Math.max(1, millis), cpuPercent.get("alpha"), cpuPercent.get("beta"),
                logGrowth.get("alpha"), logGrowth.get("beta"), viewChanges.size(), elsewhere.size());
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** e2e's classes, where UdpFlood is: all it needs besides the JDK. */
    private static String classes() {
        try {
            return Path.of(UdpFlood.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
