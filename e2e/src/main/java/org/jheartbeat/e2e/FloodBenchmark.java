package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Media;
import org.jheartbeat.e2e.ClusterSetup.Service;

/**
 * {@code scripts/benchmark.sh flood [SECONDS] [RATE]}: issue 20's flood. A jheartbeat pair on one segment (bcast,
 * keepalive 200ms, deadtime 1 s, the address-only group on alpha) is first left idle for as long as one flood lasts,
 * then flooded on udpport by the client with each kind of {@link UdpFlood} in turn, RATE datagrams a second (20,000)
 * for SECONDS (120) each; then alpha is powered off and the failover timed. Prints one markdown row per window: the
 * agents' CPU, how much their logs grew, view changes and address samples away from alpha. Figures, never asserted.
 * Arguments: JHEARTBEAT_HOME [SECONDS] [RATE].
 */
public final class FloodBenchmark {

    private static final Duration START_WAIT = Duration.ofSeconds(120);
    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(60);

    private FloodBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FloodBenchmark JHEARTBEAT_HOME [SECONDS] [RATE]");
            System.exit(2);
        }
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 120);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        ClusterSetup setup = ClusterSetup.seed().with(Agent.JHEARTBEAT, EnumSet.noneOf(Service.class))
                .with(Media.BCAST);
        try (ClusterLab cluster = ClusterLab.create(setup, Path.of(args[0]))) {
            if (cluster.powerOnOneByOne(START_WAIT).isEmpty()
                    || !Await.condition(START_WAIT, () -> cluster.vipHolders().equals(List.of("alpha")))) {
                throw new IllegalStateException("the pair never settled with alpha serving:\n" + cluster.describe());
            }
            StringBuilder table = new StringBuilder(FloodRun.HEADER).append('\n');
            table.append(FloodRun.idle(cluster, duration).row()).append('\n');
            for (String kind : FloodRun.KINDS) {
                FloodRun run = FloodRun.flood(cluster, kind, rate, duration);
                table.append(run.row()).append('\n');
                run.viewChanges().forEach(line -> System.out.println("view change during " + kind + ": " + line));
            }
            long failure = cluster.powerOff("alpha", "benchmark: power lost after the floods");
            boolean moved = Await.condition(TAKEOVER_WAIT, () -> cluster.vipHolders().equals(List.of("beta")));
            System.out.println(table);
            System.out.printf("after the floods alpha powered off: %s (deadtime %s s)%n", moved
                    ? "address on beta after " + Await.millisSince(failure) + " ms" : "address never on beta",
                    setup.deadtime());
        }
    }
}
