package org.jheartbeat.e2e;

import static org.jheartbeat.e2e.HealRecording.await;
import static org.jheartbeat.e2e.HealRecording.logfile;
import static org.jheartbeat.e2e.HealRecording.says;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Media;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;

/**
 * heartbeat 3.0.6's three-phase standby handover ({@code ask_resources}) as the mixed pair's tests (MixedPairTest) run
 * it, alpha the node that runs heartbeat there: in each {@link Scenario} a node holds or gets the group the same way
 * as there, then the command; it notes, with the milliseconds since the command, every change
 * of the address's holders (sampled every 50 ms) and when the address first answers the client's ping from its new
 * node, then the lines each node's logfile got.
 *
 * <p>{@code bash scripts/benchmark.sh record-handover [standby|takeover|peer-takeover|failback]} runs it on heartbeat
 * 3.0.6 (both nodes) and keeps what it prints; {@link #run} runs it on a cluster whose alpha runs heartbeat and beta
 * either agent.
 */
public final class HandoverRecording {

    private static final Duration STEP_WAIT = Duration.ofSeconds(60);
    private static final Duration SAMPLE = Duration.ofMillis(50);

    /** What happens, and where the group ends. */
    public enum Scenario {
        /** beta, alone, took the group; alpha starts beside it (auto_failback off: it stays); hb_standby on beta. */
        STANDBY("standby", "hb_standby on beta, which holds alpha's group", false, "beta", "hb_standby", "alpha"),
        /** alpha, alone, holds its group; beta starts beside it; hb_takeover on beta. */
        TAKEOVER("takeover", "hb_takeover on beta while alpha holds its group", false, "alpha", "hb_takeover", "beta"),
        /** beta, alone, took the group; alpha starts beside it; hb_takeover on alpha. */
        PEER_TAKEOVER("peer-takeover", "hb_takeover on alpha while beta holds alpha's group", false, "beta",
                "hb_takeover", "alpha"),
        /**
         * auto_failback on: beta, alone, took alpha's group and settled (out of transition); alpha powered on: beta hands
         * it back once alpha is stable. The milliseconds count from alpha's power-on.
         */
        FAILBACK("failback", "auto_failback on: alpha powered on while beta holds alpha's group", true, "beta", "",
                "alpha");

        private final String fileName;
        private final String description;
        private final boolean autoFailback;
        private final String holder;
        /** The command typed (hb_standby on the holder, hb_takeover on the other node); none: a power-on. */
        private final String command;
        private final String taker;

        Scenario(String fileName, String description, boolean autoFailback, String holder, String command,
                 String taker) {
            this.fileName = fileName;
            this.description = description;
            this.autoFailback = autoFailback;
            this.holder = holder;
            this.command = command;
            this.taker = taker;
        }

        /** The node hb_standby or hb_takeover is typed on. */
        String commandNode() {
            return command.equals("hb_standby") ? holder : taker;
        }

        /** The recording's resource under e2e's test resources. */
        public String recording() {
            return "/heartbeat-3.0.6/handover/" + fileName + ".txt";
        }

        /** The node that holds the group at the end. */
        public String taker() {
            return taker;
        }

        /** The address only, bcast, the seed's timing; auto_failback as the scenario needs. */
        public ClusterSetup setup(Agent agent) {
            return ClusterSetup.seed().with(agent, EnumSet.noneOf(Service.class)).with(Media.BCAST)
                    .withAutoFailback(autoFailback);
        }

        static Scenario named(String name) {
            for (Scenario scenario : values()) {
                if (scenario.fileName.equals(name)) {
                    return scenario;
                }
            }
            throw new IllegalArgumentException("no handover scenario " + name
                    + " (standby, takeover, peer-takeover, failback)");
        }
    }

    /**
     * What was seen from the command on: the holders' timeline (MS holders [...]), when the address first answered the
     * client from the taker, and the lines each node's logfile got.
     */
    public record Handover(List<String> timeline, long answeringAfter, Map<String, List<String>> logged) {

        private static final String ANSWERING = "### answering after ";

        /** The recording {@link #main} printed. */
        public static Handover parse(String recording) {
            List<String> timeline = new ArrayList<>();
            long answering = -1;
            Map<String, List<String>> logged = new LinkedHashMap<>();
            boolean inTimeline = false;
            for (String line : recording.split("\n")) {
                if (line.startsWith(ANSWERING)) {
                    answering = Long.parseLong(line.substring(ANSWERING.length()).split(" ")[0]);
                } else if (line.startsWith("### ")) {
                    inTimeline = line.equals("### timeline");
                } else if (inTimeline && !line.isBlank()) {
                    timeline.add(line);
                } else if (!line.startsWith("#") && line.contains("| ")) {
                    String node = line.substring(0, line.indexOf("| "));
                    logged.computeIfAbsent(node, any -> new ArrayList<>()).add(line.substring(node.length() + 2));
                }
            }
            return new Handover(timeline, answering, logged);
        }

        /** What the node's heartbeat daemon logged of the handover, without time and process: its words only. */
        public List<String> handoverWords(String node) {
            return logged.getOrDefault(node, List.of()).stream().filter(line -> line.contains(" heartbeat: ["))
                    .map(line -> line.substring(line.indexOf("]: ") + 3))
                    .filter(words -> words.toLowerCase(Locale.ROOT).contains("standby"))
                    .toList();
        }
    }

    private HandoverRecording() {
    }

    /** @param args the scenario's name: standby (the default), takeover, peer-takeover or failback */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Scenario scenario = args.length == 0 ? Scenario.STANDBY : Scenario.named(args[0]);
        try (ClusterLab cluster = ClusterLab.create(scenario.setup(Agent.HEARTBEAT), Path.of("."))) {
            Handover handover = run(cluster, scenario);
            out.println("# Debian heartbeat 3.0.6 on both nodes, " + scenario.description + ", recorded by");
            out.println("""
                    # scripts/benchmark.sh record-handover (e2e's HandoverRecording) on the e2e cluster: alpha 10.79.0.1
                    # and beta 10.79.0.2, bcast on eth0, keepalive 200ms, deadtime 1, warntime 500ms, initdead 2,""");
            out.println("# auto_failback " + (scenario.autoFailback ? "on" : "off") + "; haresources:");
            out.println("# " + cluster.haresources());
            out.println("# Timeline from the command (failback: alpha's power-on): MS holders [...], sampled every 50"
                    + " ms.");
            out.println(Handover.ANSWERING + handover.answeringAfter() + " ms (the address answers the client's ping "
                    + "from " + scenario.taker() + ")");
            out.println("### timeline");
            handover.timeline().forEach(out::println);
            handover.logged().forEach((node, lines) -> {
                out.println("### " + node + "'s logfile from the command on");
                lines.forEach(line -> out.println(node + "| " + line));
            });
        }
    }

    /**
     * Runs the scenario on a cluster built from {@link Scenario#setup}, powered off, whose alpha runs heartbeat 3.0.6
     * ({@link ClusterLab#runHeartbeatOn} when the setup's agent is jheartbeat).
     */
    public static Handover run(ClusterLab cluster, Scenario scenario) throws Exception {
        String holder = scenario.holder;
        String other = holder.equals("alpha") ? "beta" : "alpha";
        cluster.powerOn(holder);
        await(cluster, "the agent runs on " + holder, () -> cluster.awaitAgentStarted(holder, STEP_WAIT));
        await(cluster, holder + " holds the address", () -> cluster.vipHolders().equals(List.of(holder)));
        if (!scenario.command.isEmpty()) {
            cluster.powerOn(other);
            await(cluster, "the agent runs on " + other, () -> cluster.awaitAgentStarted(other, STEP_WAIT));
            await(cluster, "alpha sees beta active", () -> says(cluster, "alpha", "nodestatus beta", "active")
                    && cluster.vipHolders().equals(List.of(holder)));
        }
        // A heartbeat node that took a group over alone stays in transition for RQSTDELAY (10 s) after its
        // takeover; a node started meanwhile gets an unstable answer and waits as long: not the handover measured.
        List<String> running = scenario.command.isEmpty() ? List.of(holder) : List.of("alpha", "beta");
        await(cluster, String.join(" and ", running) + " settled (cl_status rscstatus out of transition)",
                () -> running.stream().allMatch(node -> settled(cluster, node))
                        && cluster.vipHolders().equals(List.of(holder)));
        HeartbeatLogRecording.awaitQuiet(cluster);
        Map<String, Integer> logBefore = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> logBefore.put(node.name(), logfile(cluster, node.name()).size()));
        long commanded = System.currentTimeMillis();
        if (scenario.command.isEmpty()) {
            cluster.powerOn(other);
        } else {
            CommandResult asked = cluster.heartbeatCommand(scenario.commandNode(), scenario.command);
            if (!asked.succeeded()) {
                throw new IllegalStateException(asked.describe());
            }
        }
        List<String> timeline = new ArrayList<>();
        String holders = "";
        long answering = -1;
        long deadline = commanded + STEP_WAIT.toMillis();
        while (answering < 0 && System.currentTimeMillis() < deadline) {
            long at = System.currentTimeMillis() - commanded;
            List<String> now = cluster.vipHolders();
            if (!String.valueOf(now).equals(holders)) {
                holders = String.valueOf(now);
                timeline.add(at + " holders " + holders);
            }
            if (now.equals(List.of(scenario.taker())) && answers(cluster)) {
                answering = System.currentTimeMillis() - commanded;
            } else {
                Thread.sleep(SAMPLE.toMillis());
            }
        }
        if (answering < 0) {
            throw new IllegalStateException("the address never answered from " + scenario.taker() + ":\n"
                    + cluster.describe());
        }
        HeartbeatLogRecording.awaitQuiet(cluster);
        Map<String, List<String>> logged = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> {
            List<String> all = logfile(cluster, node.name());
            logged.put(node.name(), List.copyOf(all.subList(Math.min(logBefore.get(node.name()), all.size()),
                    all.size())));
        });
        return new Handover(timeline, answering, logged);
    }

    /**
     * Whether the node's resources are out of transition: heartbeat's {@code cl_status rscstatus} answers what it
     * holds only once its own state is stable (a takeover done, its own resources' RQSTDELAY over), which is when it
     * answers a starting peer stable.
     */
    static boolean settled(ClusterLab cluster, String node) {
        String hold = cluster.heartbeatCommand(node, "cl_status", "rscstatus").stdout().strip();
        return List.of("local", "foreign", "all", "none").contains(hold);
    }

    /** Whether the address answers one ping from the client within a second. */
    static boolean answers(ClusterLab cluster) {
        return cluster.onClient(Duration.ofSeconds(3), "ping", "-c", "1", "-W", "1", ClusterLab.VIP).succeeded();
    }
}
