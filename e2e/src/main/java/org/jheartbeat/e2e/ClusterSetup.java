package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What a simulated cluster runs: which agent, ha.cf's timing (written as ha.cf writes it, e.g. {@code 200ms}),
 * auto_failback, which of the seed's resources follow the virtual address in the first group, how many nodes
 * and groups there are, and which medium ha.cf gives them. The seed has two nodes and one group on ucast; a scale
 * run has many nodes and address-only groups, group {@code i} preferring node {@code i} modulo the node count. The
 * services belong to the first group; the shared filesystem and NFS run on any number of nodes, DRBD and iSCSI on
 * two.
 */
public record ClusterSetup(Agent agent, String keepalive, String deadtime, String warntime, String initdead,
                           boolean autoFailback, Set<Service> services, int nodeCount, int groupCount, Media media) {

    /** Node names in ha.cf order; the seed's two are alpha and beta. */
    private static final List<String> NODE_NAMES = List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta",
            "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau",
            "upsilon", "phi", "chi", "psi", "omega");
    private static final String SUBNET = "10.79.0.";
    /** Group i's address is .100 + i: above every node and the client. */
    private static final int FIRST_VIP = 100;

    /** The agent every node runs. */
    public enum Agent { JHEARTBEAT, HEARTBEAT }

    /** The seed's resources after the virtual address, in group order. NFS and ISCSI live on the filesystem. */
    public enum Service { DRBD, FILESYSTEM, NFS, ISCSI }

    /**
     * ha.cf's medium on eth0, on port 694: {@code ucast} lines naming every node, {@code bcast eth0}, or
     * {@code mcast eth0} to {@link #MULTICAST_GROUP}.
     */
    public enum Media { UCAST, BCAST, MCAST }

    public static final String MULTICAST_GROUP = "239.0.0.43";
    public static final int UDP_PORT = 694;

    public ClusterSetup {
        services = Set.copyOf(services);
        if (nodeCount < 2 || nodeCount > NODE_NAMES.size() || groupCount < 1 || FIRST_VIP + groupCount > 255) {
            throw new IllegalArgumentException("2 to " + NODE_NAMES.size() + " nodes and 1 to "
                    + (255 - FIRST_VIP) + " groups: " + nodeCount + " nodes, " + groupCount + " groups");
        }
        if ((services.contains(Service.DRBD) || services.contains(Service.ISCSI)) && nodeCount != 2) {
            throw new IllegalArgumentException("DRBD and iSCSI (one DRBD pair, one target per side) run on two nodes"
                    + " only: " + services);
        }
        if ((services.contains(Service.NFS) || services.contains(Service.ISCSI))
                && !services.contains(Service.FILESYSTEM)) {
            throw new IllegalArgumentException("NFS and iSCSI serve from the shared filesystem: " + services);
        }
        if (agent == Agent.HEARTBEAT && (services.contains(Service.DRBD) || services.contains(Service.ISCSI))) {
            throw new IllegalArgumentException("heartbeat runs the address, filesystem and NFS only: " + services);
        }
    }

    /** Nodes on ucast, as the seed's are. */
    public ClusterSetup(Agent agent, String keepalive, String deadtime, String warntime, String initdead,
                        boolean autoFailback, Set<Service> services, int nodeCount, int groupCount) {
        this(agent, keepalive, deadtime, warntime, initdead, autoFailback, services, nodeCount, groupCount,
                Media.UCAST);
    }

    /** The seed's two nodes and one group. */
    public ClusterSetup(Agent agent, String keepalive, String deadtime, String warntime, String initdead,
                        boolean autoFailback, Set<Service> services) {
        this(agent, keepalive, deadtime, warntime, initdead, autoFailback, services, 2, 1);
    }

    /** The seed's whole group on jheartbeat, with sub-second failure detection so scenarios stay short. */
    public static ClusterSetup seed() {
        return new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false, EnumSet.allOf(Service.class));
    }

    public ClusterSetup withAutoFailback(boolean on) {
        return new ClusterSetup(agent, keepalive, deadtime, warntime, initdead, on, services, nodeCount, groupCount,
                media);
    }

    public ClusterSetup with(Media otherMedia) {
        return new ClusterSetup(agent, keepalive, deadtime, warntime, initdead, autoFailback, services, nodeCount,
                groupCount, otherMedia);
    }

    public ClusterSetup with(Agent otherAgent, Set<Service> otherServices) {
        return new ClusterSetup(otherAgent, keepalive, deadtime, warntime, initdead, autoFailback, otherServices,
                nodeCount, groupCount, media);
    }

    public List<String> nodeNames() {
        return NODE_NAMES.subList(0, nodeCount);
    }

    /** Node {@code index} (ha.cf order) is .1 + index. */
    public String nodeAddress(int index) {
        return SUBNET + (index + 1);
    }

    /** The client comes after the nodes (.3 in the seed's cluster). */
    public String clientAddress() {
        return SUBNET + (nodeCount + 1);
    }

    /** Group {@code index}'s virtual address (/24 on eth0); group 0's is the seed's 10.79.0.100. */
    public String vip(int index) {
        return SUBNET + (FIRST_VIP + index);
    }

    public List<String> vips() {
        return IntStream.range(0, groupCount).mapToObj(this::vip).toList();
    }

    /** The node group {@code index} names first in haresources: one group per node, round the nodes. */
    public String preferredNode(int index) {
        return nodeNames().get(index % nodeCount);
    }

    /** initdead as a duration: ha.cf's times are seconds unless they end in ms. */
    public Duration initdeadTime() {
        return haCfTime(initdead);
    }

    public Duration deadtimeTime() {
        return haCfTime(deadtime);
    }

    private static Duration haCfTime(String value) {
        return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(value));
    }

    public boolean runs(Service service) {
        return services.contains(service);
    }
}
