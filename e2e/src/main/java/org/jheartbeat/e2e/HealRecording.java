package org.jheartbeat.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jheartbeat.e2e.ClusterSetup.Agent;
import org.jheartbeat.e2e.ClusterSetup.Service;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.testsupport.netns.NetnsNode;

/**
 * What becomes of the virtual address, and of a quiet client's neighbour entry for it, after a partition of the two
 * nodes heals while both hold the address: alpha serves, the client learns alpha's MAC, the nodes are cut from each
 * other at their interfaces (the client still reaches both), beta takes the address over and announces it, so the client's entry moves to
 * beta's MAC; then the cut heals. For a minute after the heal it notes, with the milliseconds since the heal, every
 * change of the address's holders, every change of the client's neighbour entry (whose MAC it names, in which state),
 * and every ARP packet the client's interface sees that announces the address (a gratuitous ARP: sender address = the
 * address), by whom; then the lines each node's logfile got after the heal. In the second {@link Scenario}, beta's
 * agent is stopped during the partition and started again at the heal.
 *
 * <p>{@code bash scripts/benchmark.sh record-heal [both-hold|other-stopped]} runs it on heartbeat 3.0.6 and keeps what
 * it prints; {@link #run} runs it on either agent.
 */
public final class HealRecording {

    private static final String TABLE = "jheartbeat_heal";
    private static final Duration STEP_WAIT = Duration.ofSeconds(60);
    private static final Duration WATCHED = Duration.ofSeconds(60);
    private static final Duration SAMPLE = Duration.ofMillis(100);
    private static final Pattern ANNOUNCEMENT = Pattern.compile("^(\\d+)\\.(\\d{6}) (\\S+) > .*(?:Request who-has|Reply) "
            + Pattern.quote(ClusterLab.VIP) + "\\b.*");
    private static final Pattern REPLY_OR_GRATUITOUS = Pattern.compile("(?:Reply " + Pattern.quote(ClusterLab.VIP)
            + " is-at|Request who-has " + Pattern.quote(ClusterLab.VIP) + " \\(\\S+\\) tell " + Pattern.quote(ClusterLab.VIP)
            + "|Request who-has " + Pattern.quote(ClusterLab.VIP) + " tell " + Pattern.quote(ClusterLab.VIP) + ")");

    /**
     * What was seen after the heal: the timeline (ms since the heal, what), each node's logfile lines, the node that
     * holds the address at the end, and the client's entry then (its MAC's node and state).
     */
    public record Heal(List<String> timeline, Map<String, List<String>> logged, String keeper,
                       Optional<String> clientEntry) {

        /** The recording {@link #main} printed (without the logfiles). */
        public static Heal parse(String recording) {
            List<String> timeline = new ArrayList<>();
            String keeper = "";
            Optional<String> entry = Optional.empty();
            boolean inTimeline = false;
            for (String line : recording.split("\n")) {
                if (line.startsWith("### ")) {
                    inTimeline = line.equals("### timeline");
                    if (line.startsWith("### keeper ")) {
                        keeper = line.substring("### keeper ".length());
                    } else if (line.startsWith(END_ENTRY)) {
                        entry = Optional.of(line.substring(END_ENTRY.length())).filter(text -> !text.equals("none"));
                    }
                } else if (inTimeline && !line.isBlank()) {
                    timeline.add(line);
                }
            }
            return new Heal(timeline, Map.of(), keeper, entry);
        }

        /** Whether the client's entry names the keeper at the end. */
        public boolean clientFollowsTheKeeper() {
            return clientEntry.map(text -> text.split(" ")[0]).filter(keeper::equals).isPresent();
        }

        /** When (ms after the heal) the client's entry last moved to the keeper. */
        public Optional<Long> clientOnTheKeeperAt() {
            return lastAt(line -> line.contains(" client entry " + keeper + " "));
        }

        /** When (ms after the heal) the keeper became the only holder, for good. */
        public Optional<Long> keeperAloneAt() {
            return lastAt(line -> line.endsWith(" holders [" + keeper + "]"));
        }

        /** When (ms after the heal) the keeper announced the address, in order. */
        public List<Long> keeperAnnouncements() {
            return timeline.stream().filter(line -> line.endsWith(" announced by " + keeper)).map(Heal::at).toList();
        }

        private Optional<Long> lastAt(Predicate<String> what) {
            return timeline.stream().filter(what).map(Heal::at).reduce((first, second) -> second);
        }

        private static long at(String line) {
            return Long.parseLong(line.substring(0, line.indexOf(' ')));
        }
    }

    private static final String END_ENTRY = "### client entry at the end ";

    /** What happens between beta's takeover and the heal. */
    public enum Scenario {
        /** Nothing: both hold the address when the cut heals. */
        BOTH_HOLD("both-hold", "with the address on both nodes"),
        /**
         * beta's agent is stopped during the partition (its service's stop: it gives the address up) and started again
         * once the cut has healed: alpha never sees beta's copy, while the client's entry still names beta.
         */
        OTHER_STOPPED("other-stopped", "after beta, which took the address over, was stopped during the partition and is"
                + "\n# started again after the heal");

        private final String fileName;
        private final String description;

        Scenario(String fileName, String description) {
            this.fileName = fileName;
            this.description = description;
        }

        /** The recording's resource under e2e's test resources. */
        public String recording() {
            return "/heartbeat-3.0.6/heal/" + fileName + ".txt";
        }

        static Scenario named(String name) {
            for (Scenario scenario : values()) {
                if (scenario.fileName.equals(name)) {
                    return scenario;
                }
            }
            throw new IllegalArgumentException("no heal scenario " + name + " (both-hold, other-stopped)");
        }
    }

    private HealRecording() {
    }

    /** The seed's timing, address only, auto_failback off. */
    public static ClusterSetup setup(Agent agent) {
        return ClusterSetup.seed().with(agent, EnumSet.noneOf(Service.class));
    }

    /** @param args the scenario's name: both-hold (the default) or other-stopped */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Scenario scenario = args.length == 0 ? Scenario.BOTH_HOLD : Scenario.named(args[0]);
        try (ClusterLab cluster = ClusterLab.create(setup(Agent.HEARTBEAT), Path.of("."))) {
            Heal heal = run(cluster, scenario);
            out.println("# Debian heartbeat 3.0.6 after a partition heals " + scenario.description + ", recorded by");
            out.println("""
                    # scripts/benchmark.sh record-heal (e2e's HealRecording) on the e2e cluster: alpha 10.79.0.1 and beta
                    # 10.79.0.2, ucast on eth0, keepalive 200ms, deadtime 1, warntime 500ms, initdead 2, auto_failback
                    # off; alpha and beta cut from each other at their interfaces (each drops the other's frames at
                    # ingress, ARP included) until the heal; the client reaches both nodes throughout and sends nothing
                    # after the heal; haresources:""");
            out.println("# " + cluster.haresources());
            out.println("# Timeline after the heal: MS WHAT, where WHAT is 'holders [...]', 'client entry MAC-OWNER STATE'"
                    + " or 'announced by NODE' (an ARP packet with the address as sender, seen on the client's eth0).");
            out.println("### timeline");
            heal.timeline().forEach(out::println);
            out.println("### keeper " + heal.keeper());
            out.println(END_ENTRY + heal.clientEntry().orElse("none"));
            heal.logged().forEach((node, lines) -> {
                out.println("### " + node + "'s logfile after the heal");
                lines.forEach(line -> out.println(node + "| " + line));
            });
        }
    }

    /** Runs the scenario on a cluster built from {@link #setup}, powered off. */
    public static Heal run(ClusterLab cluster, Scenario scenario) throws Exception {
        Map<String, String> owners = owners(cluster);
        cluster.powerOn("alpha");
        await(cluster, "alpha holds the address", () -> cluster.vipHolders().equals(List.of("alpha")));
        cluster.powerOn("beta");
        // alpha's view: where alpha runs heartbeat 3.0.6 beside jheartbeat, beta's cl_status calls it up, not active
        await(cluster, "alpha sees beta active", () -> says(cluster, "alpha", "nodestatus beta", "active"));
        cluster.onClient(Duration.ofSeconds(5), "ping", "-c", "1", "-W", "2", ClusterLab.VIP);
        await(cluster, "the client's entry names alpha", () -> entryOwner(cluster, owners).equals("alpha"));

        cutBetweenNodes(cluster, true);
        await(cluster, "both hold the address", () -> cluster.vipHolders().equals(List.of("alpha", "beta")));
        await(cluster, "the client's entry names beta", () -> entryOwner(cluster, owners).equals("beta"));
        if (scenario == Scenario.OTHER_STOPPED) {
            cluster.stopAgent("beta");
            await(cluster, "beta gave the address up", () -> cluster.vipHolders().equals(List.of("alpha")));
        }
        Map<String, Integer> logBefore = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> logBefore.put(node.name(), logfile(cluster, node.name()).size()));

        List<String> arp = Collections.synchronizedList(new ArrayList<>());
        Process capture = cluster.network().spawn(cluster.client(), "tcpdump", "-l", "-n", "-e", "-tt", "-i",
                NetnsNode.DEVICE, "arp");
        Thread reader = new Thread(() -> readLines(capture, arp), "arp-capture");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(1_000);   // tcpdump's socket is open before the heal

        long healedAt = System.currentTimeMillis();
        cutBetweenNodes(cluster, false);
        if (scenario == Scenario.OTHER_STOPPED) {
            cluster.startAgent("beta");
        }
        List<String> timeline = new ArrayList<>();
        String holders = "";
        String entry = "";
        long until = healedAt + WATCHED.toMillis();
        while (System.currentTimeMillis() < until) {
            long at = System.currentTimeMillis() - healedAt;
            String nowHolders = String.valueOf(cluster.vipHolders());
            if (!nowHolders.equals(holders)) {
                timeline.add(at + " holders " + nowHolders);
                holders = nowHolders;
            }
            String nowEntry = entry(cluster, owners);
            if (!nowEntry.equals(entry)) {
                timeline.add(at + " client entry " + nowEntry);
                entry = nowEntry;
            }
            Thread.sleep(SAMPLE.toMillis());
        }
        capture.destroy();
        reader.join(5_000);
        synchronized (arp) {
            for (String line : arp) {
                Matcher packet = ANNOUNCEMENT.matcher(line);
                if (packet.matches() && REPLY_OR_GRATUITOUS.matcher(line).find()) {
                    long at = Long.parseLong(packet.group(1)) * 1000 + Long.parseLong(packet.group(2)) / 1000
                            - healedAt;
                    String by = owners.getOrDefault(packet.group(3).toLowerCase(Locale.ROOT), packet.group(3));
                    timeline.add(at + " announced by " + by);
                }
            }
        }
        timeline.sort((one, other) -> Long.compare(Long.parseLong(one.split(" ")[0]),
                Long.parseLong(other.split(" ")[0])));
        Map<String, List<String>> logged = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> {
            List<String> all = logfile(cluster, node.name());
            logged.put(node.name(), List.copyOf(all.subList(logBefore.get(node.name()), all.size())));
        });
        List<String> keepers = cluster.vipHolders();
        return new Heal(timeline, logged, keepers.size() == 1 ? keepers.get(0) : String.valueOf(keepers),
                Optional.of(entry).filter(text -> !text.isEmpty()));
    }

    /**
     * Cuts, or joins again, alpha and beta only: each node's eth0 drops every frame from the other's MAC as it comes in
     * (nftables' netdev ingress hook, in the node's own namespace), ARP included, so neither sees the other's address
     * (jheartbeat's duplicate check would otherwise keep beta from taking it, and heartbeat's sockets, bound to the
     * device, pass a route that prohibits the peer); the client reaches both throughout.
     */
    private static void cutBetweenNodes(ClusterLab cluster, boolean cut) {
        for (SimulatedNode node : cluster.nodes()) {
            List<List<String>> commands = new ArrayList<>();
            if (cut) {
                String other = cluster.nodes().stream().filter(peer -> peer != node).findFirst().orElseThrow().net()
                        .mac();
                commands.add(List.of("nft", "add", "table", "netdev", TABLE));
                commands.add(List.of("nft", "add", "chain", "netdev", TABLE, "ingress", "{ type filter hook ingress "
                        + "device " + NetnsNode.DEVICE + " priority 0; }"));
                commands.add(List.of("nft", "add", "rule", "netdev", TABLE, "ingress", "ether", "saddr", other, "drop"));
            } else {
                commands.add(List.of("nft", "delete", "table", "netdev", TABLE));
            }
            for (List<String> command : commands) {
                CommandResult result = node.run(command.toArray(String[]::new));
                if (!result.succeeded()) {
                    throw new IllegalStateException(node.name() + ": " + result.describe());
                }
            }
        }
    }

    /** The client's neighbour entry for the address: the node its MAC belongs to, and the entry's state. */
    private static String entry(ClusterLab cluster, Map<String, String> owners) {
        String[] words = cluster.onClient(Duration.ofSeconds(5), "ip", "neigh", "show", ClusterLab.VIP, "dev",
                NetnsNode.DEVICE).stdout().strip().split("\\s+");
        for (int index = 0; index + 1 < words.length; index++) {
            if (words[index].equals("lladdr")) {
                String mac = words[index + 1].toLowerCase(Locale.ROOT);
                return owners.getOrDefault(mac, mac) + " " + words[words.length - 1];
            }
        }
        return "none";
    }

    private static String entryOwner(ClusterLab cluster, Map<String, String> owners) {
        return entry(cluster, owners).split(" ")[0];
    }

    /** The node the client's neighbour entry for the address names now ("none" without one). */
    public static String clientEntryOwner(ClusterLab cluster) {
        return entryOwner(cluster, owners(cluster));
    }

    /** Each node's name by its MAC. */
    private static Map<String, String> owners(ClusterLab cluster) {
        Map<String, String> owners = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> owners.put(node.net().mac().toLowerCase(Locale.ROOT), node.name()));
        return owners;
    }

    private static void readLines(Process process, List<String> into) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException e) {
            // the capture ended
        }
    }

    /** ha.cf's logfile's lines, which both agents write (ClusterFiles). */
    static List<String> logfile(ClusterLab cluster, String node) {
        Path file = cluster.node(node).directory().resolve("ha-log");
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the node's cl_status answers {@code answer} to {@code query}. */
    static boolean says(ClusterLab cluster, String node, String query, String answer) {
        return cluster.heartbeatCommand(node, "cl_status", query.split(" ")).stdout().strip().equals(answer);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for the condition up to a minute; else fails naming it, with the cluster's state. */
    static void await(ClusterLab cluster, String what, Condition condition) throws Exception {
        boolean held = Await.condition(STEP_WAIT, () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (!held) {
            throw new IllegalStateException(cluster.setup().agent() + ": never " + what + ":\n" + cluster.describe());
        }
    }
}
