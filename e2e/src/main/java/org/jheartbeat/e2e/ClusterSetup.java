package org.jheartbeat.e2e;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a simulated cluster runs: which agent, ha.cf's timing (written as ha.cf writes it, e.g. {@code 200ms}),
 * auto_failback, and which of the seed's resources follow the virtual address in the group.
 */
public record ClusterSetup(Agent agent, String keepalive, String deadtime, String warntime, String initdead,
                           boolean autoFailback, Set<Service> services) {

    /** The agent every node runs. */
    public enum Agent { JHEARTBEAT, HEARTBEAT }

    /** The seed's resources after the virtual address, in group order. NFS and ISCSI live on the filesystem. */
    public enum Service { DRBD, FILESYSTEM, NFS, ISCSI }

    public ClusterSetup {
        services = Set.copyOf(services);
        if ((services.contains(Service.NFS) || services.contains(Service.ISCSI))
                && !services.contains(Service.FILESYSTEM)) {
            throw new IllegalArgumentException("NFS and iSCSI serve from the shared filesystem: " + services);
        }
        if (agent == Agent.HEARTBEAT && (services.contains(Service.DRBD) || services.contains(Service.ISCSI))) {
            throw new IllegalArgumentException("heartbeat runs the address, filesystem and NFS only: " + services);
        }
    }

    /** The seed's whole group on jheartbeat, with sub-second failure detection so scenarios stay short. */
    public static ClusterSetup seed() {
        return new ClusterSetup(Agent.JHEARTBEAT, "200ms", "1", "500ms", "2", false, EnumSet.allOf(Service.class));
    }

    public ClusterSetup withAutoFailback(boolean on) {
        return new ClusterSetup(agent, keepalive, deadtime, warntime, initdead, on, services);
    }

    public ClusterSetup with(Agent otherAgent, Set<Service> otherServices) {
        return new ClusterSetup(otherAgent, keepalive, deadtime, warntime, initdead, autoFailback, otherServices);
    }

    /** initdead as a duration: ha.cf's times are seconds unless they end in ms. */
    public Duration initdeadTime() {
        return initdead.endsWith("ms") ? Duration.ofMillis(Long.parseLong(initdead.substring(0, initdead.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(initdead));
    }

    public boolean runs(Service service) {
        return services.contains(service);
    }
}
