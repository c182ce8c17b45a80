package org.jheartbeat.harness;

import com.google.common.base.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgroups.Address;
import org.jheartbeat.agent.cluster.ClusterNode;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.daemon.NodeAgent;
import org.jheartbeat.agent.daemon.NodeEnvironment;
import org.jheartbeat.agent.fencing.FencingCause;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.membership.Membership;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.host.Host;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.testsupport.ManualClock;

/**
 * One machine simulated in the JVM: its own configuration directory (ha.cf, haresources, authkeys,
 * jheartbeat.conf with its control socket), its own clocks, and, while it has power, a {@link NodeAgent}
 * assembled exactly as the daemon assembles one, except for the {@link NodeEnvironment}: these clocks, a fencer
 * that records the call and powers the machine off, and a {@link LoopbackLinks} link.
 */
public final class InJvmNode {

    private final String name;
    private final Path configDir;
    private final Path settingsFile;
    private final World world;
    private final List<ResourcePlugin> plugins;
    private final Runnable cutsChanged;
    /** The machine's clocks: the system's, moved forward when the machine was frozen, its wall clock stepped. */
    private final ManualClock clock = ManualClock.followingSystem();
    private final List<String> fencings = new ArrayList<>();
    /** The machine's address on its link, which every agent it runs keeps, as a machine keeps its IP and port. */
    private final byte[] linkAddress = SealedLoopback.newLinkAddress();
    /** Set and cleared under the node's lock, read without it: the invariant checker must never wait on a shutdown. */
    private volatile NodeAgent agent;
    private volatile LoopbackLinks links;
    private volatile boolean powered;
    private volatile boolean fencingReturns;

    InJvmNode(String name, Path configDir, Path settingsFile, World world, List<ResourcePlugin> plugins,
                  Runnable cutsChanged) {
        this.name = name;
        this.configDir = configDir;
        this.settingsFile = settingsFile;
        this.world = world;
        this.plugins = List.copyOf(plugins);
        this.cutsChanged = cutsChanged;
    }

    public String name() {
        return name;
    }

    /** Powers the machine on: its agent reads its configuration, starts and joins. */
    synchronized void powerOn() throws NodeAgent.StartupException {
        if (agent != null) {
            throw new IllegalStateException("node " + name + " is already running");
        }
        ConfigLoader.Result loaded = readConfiguration();
        ClusterConfig config = loaded.config().orElseThrow(() -> new IllegalStateException("node " + name
                + ": the harness wrote a configuration the agent refuses: "
                + loaded.errors().stream().map(ConfigProblem::toString).toList()));
        world.poweredOn(name);
        agent = NodeAgent.assemble(config, plugins, new Environment());
        agent.readsConfigurationWith(this::readConfiguration, (running, changed) -> { });
        powered = true;
        try {
            agent.start();
        } catch (NodeAgent.StartupException | RuntimeException e) {
            powerOff();
            throw e;
        }
        cutsChanged.run();
    }

    /** The files as the agent reads them, at start and at each reload. */
    private ConfigLoader.Result readConfiguration() {
        return new ConfigLoader(getClass().getClassLoader()).load(ConfigSources.defaults()
                .withConfigDir(configDir).withSettingsFile(settingsFile).withLocalNode(name));
    }

    /** Replaces one of the node's configuration files ({@code haresources}, {@code ha.cf}), as an operator edits it. */
    public void writeConfigurationFile(String file, String text) throws IOException {
        Files.writeString(configDir.resolve(file), text);
    }

    /** The machine loses power: from this instant it sends nothing and runs nothing; its agent is then shut. */
    synchronized void powerOff() {
        if (agent == null) {
            return;
        }
        powered = false;
        LoopbackLinks cut = links;
        if (cut != null) {
            cut.cable().discardAll(true);
        }
        world.poweredOff(name);
        agent.close();
        agent = null;
        links = null;
    }

    /**
     * SIGTERM: the agent hands its groups over and leaves, and the machine keeps its power. Returns once the agent has
     * left the cluster, which it never does while a group may still run here: call it off the test's thread when a
     * stop fails.
     */
    void shutdown() {
        NodeAgent stopping = agent;
        if (stopping == null) {
            throw new IllegalStateException("node " + name + " has no agent running");
        }
        stopping.close();
        synchronized (this) {
            if (agent == stopping) {
                agent = null;
                links = null;
            }
        }
    }

    /**
     * From now on the node's fencer records the call and returns with the machine still up: a STONITH command that
     * failed, a reboot the kernel refused.
     */
    public void fencingReturns() {
        fencingReturns = true;
    }

    /** Whether the machine has power and its agent has joined. */
    public boolean running() {
        NodeAgent current = agent;
        return powered && current != null && current.membership() != null;
    }

    /** Whether this node's membership counts {@code other} in. */
    boolean sees(String other) {
        return view().contains(other);
    }

    /** The nodes this node's membership counts in; empty while it has no power or has not joined. */
    Set<String> view() {
        NodeAgent current = agent;
        return powered && current != null && current.membership() != null ? current.membership().members() : Set.of();
    }

    /**
     * Drops every packet between this node and {@code cable}, keeps the membership from hearing {@code viewsOnly}
     * while the transport still does, and loses the merge rounds of {@code unmerged}; nothing else.
     */
    void cutOffFrom(Set<InJvmNode> cable, Set<InJvmNode> viewsOnly, Set<InJvmNode> unmerged) {
        LoopbackLinks mine = links;
        if (mine == null || !powered) {
            return;
        }
        mine.cable().separate(addresses(cable), names(viewsOnly), names(unmerged));
    }

    private static Set<String> names(Set<InJvmNode> nodes) {
        Set<String> names = new HashSet<>();
        nodes.forEach(node -> names.add(node.name()));
        return names;
    }

    private static Set<Address> addresses(Set<InJvmNode> nodes) {
        Set<Address> addresses = new HashSet<>();
        for (InJvmNode node : nodes) {
            LoopbackLinks theirs = node.links;
            if (theirs != null && theirs.address() != null) {
                addresses.add(theirs.address());
            }
        }
        return addresses;
    }

    /** This node's running agent, as the daemon would hold it. */
    public NodeAgent agent() {
        NodeAgent current = agent;
        if (current == null) {
            throw new IllegalStateException("node " + name + " has no power");
        }
        return current;
    }

    /** Its part in the cluster: requests (standby, takeover), ping reachability, its view. */
    public ClusterNode cluster() {
        return agent().cluster();
    }

    public Membership membership() {
        return agent().membership();
    }

    /** Every reason this node was told to fence itself for, in order. */
    public List<String> fencings() {
        synchronized (fencings) {
            return List.copyOf(fencings);
        }
    }

    /** Packets this node's authentication dropped since its agent started. */
    public long rejectedPackets() {
        LoopbackLinks current = links;
        return current == null ? 0 : current.rejected();
    }

    ManualClock clock() {
        return clock;
    }

    private final class Environment implements NodeEnvironment {

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Ticker ticker() {
            return clock.ticker();
        }

        /**
         * What a fencing command does to a simulated machine: the call is recorded, and the machine goes dark, unless
         * the test made fencing return ({@link #fencingReturns}).
         */
        @Override
        public Fencer fencer(ClusterConfig config, FencingCause cause, CommandRunner commands) {
            return reason -> {
                synchronized (fencings) {
                    fencings.add(reason);
                }
                if (!fencingReturns) {
                    new Thread(InJvmNode.this::powerOff, "power-off-" + name).start();
                }
            };
        }

        @Override
        public LinkFactory links(ClusterConfig config) {
            LoopbackLinks made = new LoopbackLinks(config, linkAddress);
            links = made;
            return made;
        }

        /** The simulated machines share this one, and so do the tools their resources run. */
        @Override
        public Host host() {
            return new LinuxHost();
        }
    }
}
