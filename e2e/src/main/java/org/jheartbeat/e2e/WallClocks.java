package org.jheartbeat.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A wall clock of its own for each node's agent, so that the fault lab can step one node's clock and never the host's:
 * the agent runs under Debian's libfaketime, which shifts what the process reads of the wall clock (CLOCK_REALTIME:
 * {@code System.currentTimeMillis}, {@code Instant.now}) by the offset in the node's {@code wall-clock-offset} file and
 * leaves the monotonic clock alone ({@code FAKETIME_DONT_FAKE_MONOTONIC}), as a step by NTP or {@code date -s} does.
 * The scripts the agent runs inherit it, as a node's programs all see its clock. The file is read again at most once
 * a second ({@code FAKETIME_CACHE_DURATION}).
 */
final class WallClocks {

    private static final Path LIBRARIES = Path.of("/usr/lib");
    /** The single-threaded build: the multithreaded one made each clock read 30 times slower here. */
    private static final String LIBRARY = "faketime/libfaketime.so.1";

    private final ClusterLab cluster;
    private final Path library;

    private WallClocks(ClusterLab cluster, Path library) {
        this.cluster = cluster;
        this.library = library;
    }

    /**
     * Has the cluster's agents, from their next start, run on clocks of their own, each at offset zero; empty when
     * libfaketime is not installed (package libfaketime).
     */
    static Optional<WallClocks> install(ClusterLab cluster) throws IOException {
        Optional<Path> library = library();
        if (library.isEmpty()) {
            return Optional.empty();
        }
        WallClocks clocks = new WallClocks(cluster, library.get());
        for (SimulatedNode node : cluster.nodes()) {
            clocks.write(node.name(), 0);
        }
        cluster.launchAgentsThrough(clocks::launch);
        return Optional.of(clocks);
    }

    /** libfaketime of the machine's architecture (/usr/lib/ARCH-TRIPLET/faketime). */
    private static Optional<Path> library() throws IOException {
        if (!Files.isDirectory(LIBRARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> architectures = Files.list(LIBRARIES)) {
            return architectures.map(directory -> directory.resolve(LIBRARY)).filter(Files::isRegularFile).findFirst();
        }
    }

    private List<String> launch(String node, List<String> argv) {
        // FAKETIME_FORCE_MONOTONIC_FIX=0: with the fix glibc 2.36 gets by default, the JVM spent seconds of CPU in the
        // library (libfaketime issue 425): jheartbeat --version took 3.5-8.2 s instead of 0.6-0.7 s, and agents under
        // load did not start within a minute; without it, 0.5-0.8 s, and Thread.sleep keeps its time.
        List<String> launched = new ArrayList<>(List.of("env", "LD_PRELOAD=" + library,
                "FAKETIME_TIMESTAMP_FILE=" + offsetFile(node), "FAKETIME_DONT_FAKE_MONOTONIC=1",
                "FAKETIME_FORCE_MONOTONIC_FIX=0", "FAKETIME_CACHE_DURATION=1"));
        launched.addAll(argv);
        return launched;
    }

    /** Steps the node's wall clock by {@code by} (either way); returns its offset from the host's clock now. */
    Duration step(String node, Duration by) throws IOException {
        long seconds = offsetSeconds(node) + by.toSeconds();
        write(node, seconds);
        return Duration.ofSeconds(seconds);
    }

    private long offsetSeconds(String node) throws IOException {
        return Long.parseLong(Files.readString(offsetFile(node)).strip().replace("+", ""));
    }

    private void write(String node, long seconds) throws IOException {
        Files.writeString(offsetFile(node), (seconds < 0 ? "" : "+") + seconds + "\n");
    }

    private Path offsetFile(String node) {
        return cluster.node(node).directory().resolve("wall-clock-offset");
    }
}
