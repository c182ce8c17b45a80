package org.jheartbeat.agent.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jheartbeat.agent.cluster.ClusterView;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.group.FailureRecord;
import org.jheartbeat.agent.group.GroupSnapshot;
import org.jheartbeat.agent.group.ResourceOperation;
import org.jheartbeat.agent.group.ResourceSnapshot;
import org.jheartbeat.agent.group.RunState;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.agent.ownership.Holding;
import org.jheartbeat.agent.ownership.NodeState;
import org.jheartbeat.agent.ownership.Request;
import org.jheartbeat.agent.ownership.Scope;
import org.jheartbeat.resource.OperationResult;

/**
 * Fixed cluster states for status tests, over configurations read by the real loader: the reference setup
 * (two nodes, one four-resource group) and the pair heartbeat 3.0.6 was recorded on.
 */
public final class ClusterStates {

    public static final Instant NOW = Instant.parse("2026-11-25T18:44:18Z");
    static final String REFERENCE_GROUP = "IPaddr::192.168.0.174/24/eth0";
    static final String RECORDED_GROUP = "IPaddr::10.77.0.100/24/eth0";

    private ClusterStates() {
    }

    public static ClusterConfig load(Path dir, String node, String haCf, String haresources) throws IOException {
        Files.writeString(dir.resolve("ha.cf"), haCf);
        Files.writeString(dir.resolve("haresources"), haresources);
        Files.writeString(dir.resolve("authkeys"), "auth 1\n1 sha1 test-secret\n");
        Files.setPosixFilePermissions(dir.resolve("authkeys"), PosixFilePermissions.fromString("rw-------"));
        ConfigLoader.Result result = new ConfigLoader(ClusterStates.class.getClassLoader()).load(
                ConfigSources.defaults().withConfigDir(dir).withSettingsFile(dir.resolve("none.conf"))
                        .withLocalNode(node));
        return result.config().orElseThrow(() -> new IllegalStateException("test configuration invalid: "
                + result.errors()));
    }

    /** The seed's setup, mended: master prefers the IP, DRBD, filesystem and NFS group; ping 192.168.0.1. */
    public static ClusterConfig reference(Path dir) throws IOException {
        return load(dir, "master", """
                keepalive 2
                deadtime 10
                bcast eth0
                ping 192.168.0.1
                node master slave
                auto_failback off
                """, "master IPaddr::192.168.0.174/24/eth0 drbddisk::r0 Filesystem::/dev/drbd0::/data::ext3 "
                + "nfs-kernel-server\n");
    }

    /** The pair heartbeat was recorded on (heartbeat-3.0.6/recorded.txt), as seen from alpha or beta. */
    public static ClusterConfig recorded(Path dir, String node) throws IOException {
        return load(dir, node, """
                logfile /var/log/ha-log
                keepalive 200ms
                deadtime 1
                warntime 500ms
                initdead 2
                udpport 694
                bcast eth0
                ping 10.77.0.3
                node alpha
                node beta
                auto_failback off
                """, "alpha IPaddr::10.77.0.100/24/eth0\n");
    }

    public static NodeState holding(String node, String group, Holding holding, int pingReachable) {
        return NodeState.idle(node).withHolding(group, holding).withPingReachable(pingReachable);
    }

    static NodeState idle(String node, int pingReachable) {
        return NodeState.idle(node).withPingReachable(pingReachable);
    }

    static NodeState requesting(NodeState state, Request.Kind kind, Scope scope, long sequence) {
        return state.withRequest(new Request(kind, scope, sequence));
    }

    /** master runs the reference group; slave is online; DRBD once failed to start on master. */
    public static StatusReport referenceRunning(ClusterConfig config) {
        ClusterView view = new ClusterView("master", Set.of("master", "slave"), "master", Map.of(
                "master", holding("master", REFERENCE_GROUP, Holding.RUNNING, 1),
                "slave", idle("slave", 1)), Optional.empty());
        Instant started = NOW.minusSeconds(60);
        List<ResourceSnapshot> resources = config.groups().get(0).resources().stream()
                .map(resource -> new ResourceSnapshot(resource.id(), RunState.STARTED, started, Duration.ofMillis(40)))
                .toList();
        GroupSnapshot group = new GroupSnapshot(REFERENCE_GROUP, RunState.STARTED, started, "acquired", resources, 0,
                List.of(new FailureRecord(NOW.minusSeconds(120), "drbddisk::r0", ResourceOperation.START,
                        OperationResult.Outcome.FAILED, "drbdadm primary r0 exited 11")));
        return new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view,
                Map.of("eth0", Set.of("master", "slave")), Membership.Standing.CLEAR, List.of(group), NOW);
    }

    /** slave is dead; master runs nothing yet and holds a standby request. */
    public static StatusReport referenceSlaveDead(ClusterConfig config) {
        ClusterView view = new ClusterView("master", Set.of("master"), "master", Map.of(
                "master", requesting(holding("master", REFERENCE_GROUP, Holding.STARTING, 0), Request.Kind.STANDBY,
                        Scope.FOREIGN, 3)), Optional.empty());
        List<ResourceSnapshot> resources = config.groups().get(0).resources().stream()
                .map(resource -> new ResourceSnapshot(resource.id(), resource.id().startsWith("IPaddr")
                        ? RunState.STARTED : RunState.STOPPED, NOW, Duration.ZERO))
                .toList();
        GroupSnapshot group = new GroupSnapshot(REFERENCE_GROUP, RunState.STARTING, NOW, "acquired", resources, 0,
                List.of());
        return new StatusBuilder(config, "0.1.0", "3f2a9c1b0d4e").build(view, Map.of("eth0", Set.of("master")),
                Membership.Standing.CLEAR, List.of(group), NOW);
    }
}
