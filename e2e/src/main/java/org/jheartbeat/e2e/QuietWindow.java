package org.jheartbeat.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A window in which nothing should happen to a settled cluster: every group stays on its preferred node. A sampler looks at every virtual address's holders every {@code interval} (a duplicate, a missing holder
 * or another holder is an episode, counted once until the address is back where it was); at the end the agents'
 * log lines written during the window are scanned for the signs of a false failure detection ({@link Sign}).
 */
final class QuietWindow implements AutoCloseable {

    /** What an agent's log says when it judged a live peer dead or acted on it; heartbeat's and jheartbeat's words. */
    enum Sign {
        NODE_DEAD("node \\S+:? (is )?dead|link \\S+ dead"),
        FROZEN("frozen"),
        FENCING("fenc|stonith"),
        GROUP_MOVED("acquiring on|releasing on|taking over resource|resources being acquired|giving up resources"
                + "|mach_down"),
        SPLIT("singleton|returning after partition|both machines own"),
        LATE_HEARTBEAT("late heartbeat");

        private final Pattern pattern;

        Sign(String regex) {
            this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }

        /** The first sign the log line shows, if any. */
        static Optional<Sign> of(String line) {
            return Arrays.stream(values()).filter(sign -> sign.pattern.matcher(line).find()).findFirst();
        }

        /** Late heartbeats are warnings: the peer was still within deadtime. Every other sign is a false failure. */
        boolean isFailure() {
            return this != LATE_HEARTBEAT;
        }
    }

    /**
     * What the window saw.
     *
     * @param samples        how many times every address's holders were looked at
     * @param episodes       per address, how many times it left its holder (moved, doubled or went missing)
     * @param deviations     samples in which some address was not on exactly its holder, by what was wrong
     * @param signs          log lines written in the window, by sign, over all nodes
     * @param firstLines     the first few such lines, node-prefixed, failures before late-heartbeat warnings
     */
    record Report(int samples, Map<String, Integer> episodes, Map<String, Integer> deviations,
                  Map<Sign, Integer> signs, List<String> firstLines) {

        int episodeCount() {
            return episodes.values().stream().mapToInt(Integer::intValue).sum();
        }

        int failureLines() {
            return signs.entrySet().stream().filter(entry -> entry.getKey().isFailure())
                    .mapToInt(Map.Entry::getValue).sum();
        }

        /** No address left its holder and no log line says a node was judged dead or a group moved. */
        boolean isQuiet() {
            return episodeCount() == 0 && failureLines() == 0;
        }

        String signSummary() {
            List<String> parts = new ArrayList<>();
            signs.forEach((sign, count) -> parts.add(sign.name().toLowerCase().replace('_', ' ') + " " + count));
            return String.join(", ", parts);
        }
    }

    private static final int LINES_KEPT = 12;

    private final ClusterLab cluster;
    private final Map<String, String> expected;
    private final Duration interval;
    private final Map<String, Long> logOffsets = new LinkedHashMap<>();
    private final Map<String, Integer> episodes = new LinkedHashMap<>();
    private final Map<String, Integer> deviations = new LinkedHashMap<>();
    private final Map<String, Boolean> away = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean open = true;
    private int samples;

    private QuietWindow(ClusterLab cluster, Map<String, String> expected, Duration interval) throws IOException {
        this.cluster = cluster;
        this.expected = Map.copyOf(expected);
        this.interval = interval;
        for (SimulatedNode node : cluster.nodes()) {
            Path log = cluster.agentLog(node.name());
            logOffsets.put(node.name(), Files.exists(log) ? Files.size(log) : 0);
        }
        expected.keySet().forEach(vip -> episodes.put(vip, 0));
        this.sampler = new Thread(this::sample, "quiet-window");
        sampler.setDaemon(true);
    }

    /**
     * Opens the window on the placement the cluster settles to, every group on its preferred node: an address
     * elsewhere already at the first sample counts as an episode (the cluster broke while it settled).
     */
    static QuietWindow open(ClusterLab cluster, Duration interval) throws IOException {
        ClusterSetup setup = cluster.setup();
        Map<String, String> holders = new LinkedHashMap<>();
        for (int group = 0; group < setup.groupCount(); group++) {
            holders.put(setup.vip(group), setup.preferredNode(group));
        }
        QuietWindow window = new QuietWindow(cluster, holders, interval);
        window.sampler.start();
        return window;
    }

    private void sample() {
        while (open) {
            try {
                Map<String, List<String>> holders = cluster.addressHolders();
                synchronized (this) {
                    samples++;
                    holders.forEach(this::record);
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    deviations.merge("sampling failed: " + e.getMessage(), 1, Integer::sum);
                }
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record(String vip, List<String> on) {
        String holder = expected.get(vip);
        boolean right = on.equals(List.of(holder));
        if (!right) {
            String kind = on.isEmpty() ? "missing" : on.size() > 1 ? "duplicate" : "moved";
            deviations.merge(kind, 1, Integer::sum);
            if (!away.getOrDefault(vip, false)) {
                episodes.merge(vip, 1, Integer::sum);
            }
        }
        away.put(vip, !right);
    }

    /** Stops sampling and reads what the agents logged since the window opened. */
    Report report() {
        close();
        Map<Sign, Integer> signs = new EnumMap<>(Sign.class);
        for (Sign sign : Sign.values()) {
            signs.put(sign, 0);
        }
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        logOffsets.forEach((node, offset) -> {
            for (String line : logSince(node, offset)) {
                Sign.of(line).ifPresent(sign -> {
                    signs.merge(sign, 1, Integer::sum);
                    List<String> kept = sign.isFailure() ? failures : warnings;
                    if (kept.size() < LINES_KEPT) {
                        kept.add(node + ": " + line);
                    }
                });
            }
        });
        // What broke first leads; late heartbeats (warnings) follow, a few of them.
        List<String> firstLines = new ArrayList<>(failures);
        firstLines.addAll(warnings.subList(0, Math.min(warnings.size(), LINES_KEPT - failures.size())));
        synchronized (this) {
            return new Report(samples, Map.copyOf(episodes), Map.copyOf(deviations), signs, firstLines);
        }
    }

    private List<String> logSince(String node, long offset) {
        try {
            byte[] log = Files.readAllBytes(cluster.agentLog(node));
            int from = (int) Math.min(offset, log.length);
            return new String(log, from, log.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + node + "'s agent log", e);
        }
    }

    @Override
    public void close() {
        open = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
