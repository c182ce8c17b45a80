package org.jheartbeat.agent.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.crypto.SecretKey;
import org.jgroups.Address;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.stack.Protocol;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.agent.group.GroupResources;
import org.jheartbeat.agent.group.GroupManager;
import org.jheartbeat.agent.group.GroupPolicy;
import org.jheartbeat.agent.group.GroupRuntime;
import org.jheartbeat.agent.group.LocalGroups;
import org.jheartbeat.agent.group.MonitorPolicy;
import org.jheartbeat.agent.group.OperationTimeouts;
import org.jheartbeat.agent.group.StopRetryPolicy;
import org.jheartbeat.agent.membership.ClusterKey;
import org.jheartbeat.agent.membership.HeartbeatThreads;
import org.jheartbeat.agent.membership.FailureDetection;
import org.jheartbeat.agent.membership.Incarnation;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.membership.MessageAuthentication;
import org.jheartbeat.agent.membership.TransportStacks;
import org.jheartbeat.agent.ownership.Topology;

/**
 * Agents in one JVM over JGroups' shared loopback, each with its own authenticated stack, real group managers
 * and {@link WorldResource} resources; partitions are cut with DISCARD, as JGroups' own tests do. Waits derive
 * from the configured timings, never from bare sleeps.
 */
final class TestCluster implements AutoCloseable {

    static final Timing FAST = new Timing(Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(1500),
            Duration.ofMillis(1500));

    private final String clusterName = "test-" + Long.toHexString(System.nanoTime());
    private final Topology topology;
    private final Timing timing;
    private final SecretKey key = ClusterKey.derive("test-cluster-secret");
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<Set<String>> cuts = new HashSet<>();
    final World world = new World(this::connected);

    /** One simulated machine. */
    final class Node {
        final String name;
        final SkewableClock clock = new SkewableClock();
        final ClusterNode cluster;
        final Membership membership;
        final LocalGroups groups;
        final Map<String, WorldResource> agents = new HashMap<>();
        final List<String> fencings = new ArrayList<>();
        final MessageAuthentication authentication;
        final DISCARD discard = new DISCARD();
        volatile boolean poweredOff;

        Node(String name, SecretKey nodeKey) throws Exception {
            this.name = name;
            this.cluster = new ClusterNode(name, topology, timing, clock);
            List<GroupManager> managers = new ArrayList<>();
            GroupRuntime runtime = new GroupRuntime(reason -> fence(reason), cluster, Clock.systemUTC(),
                    Executors.newCachedThreadPool());
            GroupPolicy policy = new GroupPolicy(new OperationTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(2)), Map.of(), new MonitorPolicy(true, Duration.ofMillis(300), 1,
                    Duration.ofMinutes(1)), new StopRetryPolicy(1, Duration.ofMillis(100)), Duration.ofSeconds(1));
            for (Topology.GroupSpec group : topology.groups()) {
                WorldResource agent = new WorldResource(world, name, group.id());
                agents.put(group.id(), agent);
                managers.add(new GroupManager(new GroupResources(group.id(), List.of(agent)), policy, runtime));
            }
            this.groups = new LocalGroups(managers);
            this.authentication = new MessageAuthentication(nodeKey, clock, Incarnation.startingNow(clock));
            List<Protocol> stack = new ArrayList<>(List.of(new SHARED_LOOPBACK(), discard, authentication,
                    new SHARED_LOOPBACK_PING()));
            stack.addAll(TransportStacks.upperLayers(FailureDetection.of(timing), List.of()));
            this.membership = new Membership(name, List.of(new Membership.Link("loop", stack)),
                    Incarnation.startingNow(clock), cluster);
        }

        void start() {
            cluster.start(new ManagedGroups(groups), membership, HeartbeatThreads.UNCHANGED);
            membership.connect(clusterName);
        }

        /** What a fencing command does to a simulated node: it records the call and powers the node off. */
        private void fence(String reason) {
            synchronized (fencings) {
                fencings.add(reason);
            }
            new Thread(TestCluster.this.powerOffTask(name), "power-off-" + name).start();
        }

        Address address() {
            return discard.getAddress();
        }
    }

    /** A clock a test can move forward, to make a node look frozen for a while. */
    static final class SkewableClock extends Clock {
        private final AtomicLong skewMillis = new AtomicLong();

        void jump(Duration by) {
            skewMillis.addAndGet(by.toMillis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + skewMillis.get());
        }
    }

    TestCluster(List<String> nodeNames, List<Topology.GroupSpec> groups, AutoFailback autoFailback, Timing timing) {
        this.topology = new Topology(nodeNames, groups, autoFailback);
        this.timing = timing;
    }

    Node add(String name) throws Exception {
        return add(name, key);
    }

    Node add(String name, SecretKey nodeKey) throws Exception {
        Node node = new Node(name, nodeKey);
        nodes.put(name, node);
        return node;
    }

    TestCluster startAll() throws Exception {
        for (String name : topology.nodes()) {
            add(name).start();
        }
        return this;
    }

    Node node(String name) {
        return nodes.get(name);
    }

    Timing timing() {
        return timing;
    }

    private Runnable powerOffTask(String name) {
        return () -> powerOff(name);
    }

    /** The node loses power: it sends nothing more, and everything it ran stops with it. */
    void powerOff(String name) {
        Node node = nodes.get(name);
        if (node.poweredOff) {
            return;
        }
        node.poweredOff = true;
        node.discard.discardAll(true);
        node.cluster.close();
        node.groups.close();
        world.poweredOff(name);
        node.membership.close();
    }

    /** Cuts every link between {@code side} and the other nodes. */
    void partition(Set<String> side) {
        for (Node a : nodes.values()) {
            for (Node b : nodes.values()) {
                if (side.contains(a.name) != side.contains(b.name) && !a.poweredOff && !b.poweredOff) {
                    cuts.add(Set.of(a.name, b.name));
                    a.discard.addIgnoreMember(b.address());
                }
            }
        }
    }

    void heal() {
        cuts.clear();
        for (Node node : nodes.values()) {
            if (!node.poweredOff) {
                node.discard.resetIgnoredMembers();
            }
        }
    }

    /** The node freezes for longer than deadtime: its peers stop hearing it, then it resumes. */
    void freeze(String name, Duration duration) throws InterruptedException {
        Node frozen = nodes.get(name);
        partition(Set.of(name));
        Thread.sleep(duration.toMillis());
        frozen.clock.jump(duration);
        heal();
    }

    /**
     * Two nodes form one connected cluster when no cut separates them and each has the other in its view:
     * a partition that has just healed counts as connected only once the membership has merged it.
     */
    boolean connected(String a, String b) {
        Node first = nodes.get(a);
        Node second = nodes.get(b);
        return !cuts.contains(Set.of(a, b)) && !first.poweredOff && !second.poweredOff
                && first.membership.members().contains(b) && second.membership.members().contains(a);
    }

    /** How long a stable cluster may take to place a group: initdead or deadtime, plus starting it, plus slack. */
    Duration settleTime() {
        return timing.initdead().plus(timing.deadtime()).plus(Duration.ofSeconds(5));
    }

    /** Waits until exactly {@code node} runs the group; fails with the world's state otherwise. */
    void awaitRunsOn(String group, String node) throws InterruptedException {
        await(() -> world.runners(group).equals(Set.of(node)), "group " + group + " runs only on " + node);
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + settleTime().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + settleTime().toMillis() + " ms: " + what + "; world: "
                        + describe());
            }
            Thread.sleep(20);
        }
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        for (Topology.GroupSpec group : topology.groups()) {
            text.append(group.id()).append(" on ").append(world.runners(group.id())).append("; ");
        }
        return text.append("violations ").append(world.violations()).toString();
    }

    @Override
    public void close() {
        for (Node node : nodes.values()) {
            if (!node.poweredOff) {
                node.cluster.close();
                node.groups.close();
                node.membership.close();
            }
        }
    }
}
