package org.jheartbeat.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jheartbeat.agent.config.AutoFailback;
import org.jheartbeat.agent.config.Timing;
import org.jheartbeat.resource.ResourcePlugin;

/**
 * What an {@link InJvmCluster} is: its nodes, its groups, its timings, its plugins; and each node's
 * configuration, written as a site writes it (ha.cf, haresources, authkeys with mode 600, jheartbeat.conf).
 */
public final class ClusterSpec {

    private static final String SECRET = "harness-secret";

    /** Where a node's configuration was written. */
    record NodeFiles(Path configDir, Path settings) {
    }

    private record Group(String name, String preferredNode) {
    }

    private final List<String> nodes = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<String> extraLines = new ArrayList<>();
    private final List<String> haCfLines = new ArrayList<>();
    private final Map<String, Map<String, String>> resourceScripts = new HashMap<>();
    private final Map<String, String> secrets = new HashMap<>();
    private final List<ResourcePlugin> plugins = new ArrayList<>();
    private Timing timing = InJvmCluster.FAST;
    private AutoFailback autoFailback = AutoFailback.ON;
    private String settings = "";

    ClusterSpec() {
    }

    /** A node, in ha.cf's order: the first node that is a member coordinates. */
    public ClusterSpec node(String name) {
        nodes.add(name.toLowerCase(Locale.ROOT));
        return this;
    }

    public ClusterSpec nodes(String... names) {
        Stream.of(names).forEach(this::node);
        return this;
    }

    /** A group of one World resource, {@code World::name}, preferred on {@code preferredNode}. */
    public ClusterSpec group(String name, String preferredNode) {
        groups.add(new Group(name, preferredNode));
        return this;
    }

    /**
     * A haresources line of the test's own, e.g. {@code "n1 World::g1 MyType::arg"}: a plugin module's test
     * runs its own resource type in the cluster this way. The World resource first keeps the group visible
     * to the invariant checker.
     */
    public ClusterSpec haresources(String line) {
        extraLines.add(line);
        return this;
    }

    public ClusterSpec timing(Timing value) {
        this.timing = value;
        return this;
    }

    public ClusterSpec autoFailback(AutoFailback value) {
        this.autoFailback = value;
        return this;
    }

    /** More ha.cf lines on every node, e.g. {@code respawn hacluster /usr/lib/heartbeat/ipfail}. */
    public ClusterSpec haCf(String line) {
        haCfLines.add(line);
        return this;
    }

    /** A resource.d script installed on {@code node} only, as a site's own script missing on the others. */
    public ClusterSpec resourceScript(String node, String name, String text) {
        resourceScripts.computeIfAbsent(node, any -> new HashMap<>()).put(name, text);
        return this;
    }

    /** This node's authkeys holds another secret: it cannot join (invariant 5). */
    public ClusterSpec secret(String node, String secret) {
        secrets.put(node, secret);
        return this;
    }

    /**
     * A plugin the nodes load beside those on the class path, which are found as the daemon finds them; it takes
     * the place of one there that names the same types (a plugin's own type, built with its commands faked).
     */
    public ClusterSpec plugin(ResourcePlugin plugin) {
        plugins.add(plugin);
        return this;
    }

    /** More of every node's jheartbeat.conf (HOCON), after the harness's own settings. */
    public ClusterSpec settings(String hocon) {
        settings = settings + "\n" + hocon;
        return this;
    }

    /** The cluster with its files written and no node running yet. */
    public InJvmCluster build() throws IOException {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("a cluster needs at least one node");
        }
        return new InJvmCluster(this);
    }

    /** The cluster with every node running. */
    public InJvmCluster startAll() throws Exception {
        InJvmCluster cluster = build();
        try {
            return cluster.startAll();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    Timing timing() {
        return timing;
    }

    List<String> nodeNames() {
        return List.copyOf(nodes);
    }

    List<String> groupNames() {
        return groups.stream().map(Group::name).toList();
    }

    List<ResourcePlugin> plugins() {
        return List.copyOf(plugins);
    }

    /** Writes {@code node}'s configuration under {@code home}; its control socket and generation file lie there too. */
    NodeFiles write(String node, Path home) throws IOException {
        Path configDir = Files.createDirectories(home.resolve("ha.d"));
        Files.writeString(configDir.resolve("ha.cf"), haCfText());
        Files.writeString(configDir.resolve("haresources"), haresourcesText());
        Path authkeys = configDir.resolve("authkeys");
        Files.writeString(authkeys, "auth 1\n1 sha1 " + secrets.getOrDefault(node, SECRET) + "\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        for (Map.Entry<String, String> script : resourceScripts.getOrDefault(node, Map.of()).entrySet()) {
            Path file = Files.createDirectories(configDir.resolve("resource.d")).resolve(script.getKey());
            Files.writeString(file, script.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path settingsFile = home.resolve("jheartbeat.conf");
        Files.writeString(settingsFile, harnessSettings(home) + settings);
        return new NodeFiles(configDir, settingsFile);
    }

    /** ha.cf's media are replaced by the harness's loopback link; the one written here only makes ha.cf whole. */
    private String haCfText() {
        return "keepalive " + timing.keepalive().toMillis() + "ms\n"
                + "warntime " + timing.warntime().toMillis() + "ms\n"
                + "deadtime " + timing.deadtime().toMillis() + "ms\n"
                + "initdead " + timing.initdead().toMillis() + "ms\n"
                + "bcast lo\n"
                + "node " + String.join(" ", nodes) + "\n"
                + "auto_failback " + autoFailback.name().toLowerCase(Locale.ROOT) + "\n"
                + haCfLines.stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    private String haresourcesText() {
        StringBuilder text = new StringBuilder();
        groups.forEach(group -> text.append(group.preferredNode()).append(' ')
                .append(InJvmCluster.groupId(group.name())).append('\n'));
        extraLines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** Short operation timeouts and a quick monitor, so that failures show within a test's waits. */
    private static String harnessSettings(Path home) {
        return """
                jheartbeat {
                  control-socket = "%s"
                  transport.generation-file = "%s"
                  operations { start = 5s, stop = 5s, status = 2s, stop-retries = 1, stop-retry-delay = 100ms,
                               overrun-grace = 1s }
                  monitor { interval = 300ms, max-restarts = 1, restart-window = 1m }
                }
                """.formatted(home.resolve("control.sock"), home.resolve("hb_generation"));
    }
}
