package org.jheartbeat.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.cli.ControlClient;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;

/**
 * {@code scripts/benchmark.sh status}: how long a status query takes on a serving node, jheartbeat's commands beside
 * heartbeat 3.0.6's. Two clusters run at once (jheartbeat with the seed's whole group, heartbeat 3.0.6 with the part
 * it can run here: address, ext3, NFS), and every query goes to alpha, the node holding the group, the commands taken
 * in turn so that each sees the same load. Each figure is one whole process, started and waited for, min / median /
 * max over RUNS runs (default 20, after one run of each not counted), with the CPU time it used (user and system,
 * every thread, in the kernel's 10 ms ticks). Every command runs inside the node through nsenter and a shell, whose
 * own cost is measured the same way and printed. Then the agent's own share: a status request on jheartbeat's control
 * socket from a client that is already running, from connecting to the reply's last byte.
 * Arguments: JHEARTBEAT_HOME [RUNS].
 */
public final class StatusLatency {

    private static final Path SOCKET_INSIDE_NODE = ControlClient.DEFAULT_SOCKET;
    /** Runs the command with its output discarded, then prints its exit code and the CPU ticks it used. */
    private static final String TIMED = "\"$@\" >/dev/null 2>&1; code=$?; read -r stat </proc/$$/stat; "
            + "echo \"$code ${stat##*) }\"";
    private static final long TICK_MILLIS = 10;

    private record Query(Agent agent, String label, String... command) {
    }

    private StatusLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: StatusLatency JHEARTBEAT_HOME [RUNS]");
            System.exit(2);
        }
        // Absolute: a command run on a node starts in the node's root directory (nsenter into its mount namespace).
        Path home = Path.of(args[0]).toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ClusterSetup jheartbeat = ClusterSetup.seed();
        ClusterSetup heartbeat = jheartbeat.with(Agent.HEARTBEAT, EnumSet.of(Service.FILESYSTEM, Service.NFS));
        try (ClusterLab ours = ClusterLab.create(jheartbeat, home);
             ClusterLab theirs = ClusterLab.create(heartbeat, home)) {
            MemoryFootprint.serve(ours);
            MemoryFootprint.serve(theirs);
            Map<Agent, ClusterLab> clusters = Map.of(Agent.JHEARTBEAT, ours, Agent.HEARTBEAT, theirs);
            List<Query> queries = new ArrayList<>();
            for (Agent agent : List.of(Agent.JHEARTBEAT, Agent.HEARTBEAT)) {
                ClusterLab cluster = clusters.get(agent);
                String clStatus = cluster.commandPath("cl_status").toString();
                queries.add(new Query(agent, "cl_status rscstatus", clStatus, "rscstatus"));
                queries.add(new Query(agent, "cl_status hbstatus", clStatus, "hbstatus"));
                queries.add(new Query(agent, "nsenter and sh alone (in every figure)", "true"));
            }
            queries.add(2, new Query(Agent.JHEARTBEAT, "hbctl status", home.resolve("bin/hbctl").toString(), "status"));
            String loadBefore = MachineCpu.loadAverage();
            Map<Query, Figures[]> figures = measure(clusters, queries, runs);
            String loadAfter = MachineCpu.loadAverage();
            System.out.println(table(queries, figures));
            System.out.println(agentAnswer(ours.node("alpha"), runs));
            System.out.printf("%d runs each (wall ms: min / median / max; CPU ms: median); load average before %s, "
                    + "after %s, %d cores%n", runs, loadBefore, loadAfter, Runtime.getRuntime().availableProcessors());
        }
    }

    /** For each query its wall and CPU figures; one round of every query first, not counted. */
    private static Map<Query, Figures[]> measure(Map<Agent, ClusterLab> clusters, List<Query> queries, int runs) {
        Map<Query, Figures[]> figures = new LinkedHashMap<>();
        queries.forEach(query -> figures.put(query, new Figures[] {new Figures(), new Figures()}));
        for (int run = 0; run <= runs; run++) {
            for (Query query : queries) {
                SimulatedNode alpha = clusters.get(query.agent()).node("alpha");
                List<String> argv = new ArrayList<>(List.of("sh", "-c", TIMED, "sh"));
                argv.addAll(List.of(query.command()));
                long start = System.nanoTime();
                CommandResult result = alpha.run(argv.toArray(String[]::new));
                long wall = Await.millisSince(start);
                String[] fields = result.stdout().strip().split(" ");
                if (run == 0) {
                    continue;
                }
                // The exit code, then /proc/PID/stat from its third field: cutime and cstime are its 16th and 17th.
                if (!result.succeeded() || fields.length < 15 || !fields[0].equals("0")) {
                    figures.get(query)[0].missed();
                    figures.get(query)[1].missed();
                    continue;
                }
                figures.get(query)[0].add(wall);
                figures.get(query)[1].add((Long.parseLong(fields[14]) + Long.parseLong(fields[15])) * TICK_MILLIS);
            }
        }
        return figures;
    }

    private static String table(List<Query> queries, Map<Query, Figures[]> figures) {
        StringBuilder table = new StringBuilder("""
                | query on alpha, the node serving the group | jheartbeat wall ms | jheartbeat CPU ms | heartbeat 3.0.6 wall ms | heartbeat 3.0.6 CPU ms |
                |---|---|---|---|---|
                """);
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (Query query : queries) {
            String[] row = rows.computeIfAbsent(query.label(), label -> new String[] {"-", "-", "-", "-"});
            int column = query.agent() == Agent.JHEARTBEAT ? 0 : 2;
            Figures[] measured = figures.get(query);
            row[column] = measured[0].summary();
            row[column + 1] = measured[1].medianText();
        }
        rows.forEach((label, row) -> table.append("| ").append(label).append(" | ").append(String.join(" | ", row))
                .append(" |\n"));
        return table.toString();
    }

    /** The agent's share: status requests on its socket, reached from the host through the node's root. */
    private static String agentAnswer(SimulatedNode alpha, int runs) throws Exception {
        ControlClient client = new ControlClient(alpha.pathInside(SOCKET_INSIDE_NODE));
        String request = ControlProtocol.encode(new ControlRequest("status", null, null, "text")) + "\n";
        Figures micros = new Figures();
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            String reply = client.exchange(request);
            long took = (System.nanoTime() - start) / 1_000;
            if (!ControlProtocol.decode(reply, ControlReply.class).ok()) {
                throw new IllegalStateException("the agent on alpha refused its status: " + reply);
            }
            if (run > 0) {
                micros.add(took);
            }
        }
        return "The agent's answer to a status request (text), from connecting to its last byte, µs: "
                + micros.summary() + "\n";
    }
}
