package org.jheartbeat.agent.daemon;

import com.google.common.base.Ticker;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jheartbeat.agent.cluster.ClusterNode;
import org.jheartbeat.agent.cluster.ClusterScheduler;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.fencing.FencingCause;
import org.jheartbeat.agent.membership.LinkFactory;
import org.jheartbeat.agent.ownership.Topology;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptDirectories;
import org.jheartbeat.agent.scripts.ScriptEnvironment;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.jheartbeat.resource.ProcessCommandRunner;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourcePlugin;
import org.jheartbeat.resource.ResourceType;

/** Wires one node's agent from its checked configuration, its resource plugins and its environment. */
final class AgentModule extends AbstractModule {

    private final ClusterConfig config;
    private final List<ResourcePlugin> plugins;
    private final NodeEnvironment environment;

    AgentModule(ClusterConfig config, List<ResourcePlugin> plugins, NodeEnvironment environment) {
        this.config = config;
        this.plugins = List.copyOf(plugins);
        this.environment = environment;
    }

    @Override
    protected void configure() {
        bind(ClusterConfig.class).toInstance(config);
        bind(Clock.class).toInstance(environment.clock());
        bind(Ticker.class).toInstance(environment.ticker());
        ResourcePlugin.typeMap(binder());
        ResourcePlugin.startupCheckSet(binder());
        plugins.forEach(this::install);
    }

    @Provides
    @Singleton
    CommandRunner commandRunner() {
        return new ProcessCommandRunner();
    }

    /** The group managers' fencer: a stop failed and the resource still runs. */
    @Provides
    @Singleton
    Fencer fencer(CommandRunner commands) {
        return environment.fencer(config, FencingCause.FAILED_STOP, commands);
    }

    @Provides
    @Singleton
    LinkFactory links() {
        return environment.links(config);
    }

    @Provides
    @Singleton
    /** The plugins' fencer serves their startup checks (DRBD Inconsistent and alone). */
    ResourceContext resourceContext(CommandRunner commands) {
        return new ResourceContext(config.localNode(), commands, environment.host(), environment.network(),
                environment.fencer(config, FencingCause.STARTUP_CHECK, commands), config.settings().resources());
    }

    @Provides
    @Singleton
    ResourceTypeResolver resolver(Map<String, ResourceType> types) {
        ScriptDirectories directories = ScriptDirectories.forConfigDir(config.configDir());
        return new ResourceTypeResolver(types, directories, ScriptEnvironment.of(config, directories));
    }

    @Provides
    @Singleton
    ClusterNode clusterNode(Clock clock, Ticker ticker) {
        return new ClusterNode(config.localNode(), Topology.of(config), config.haCf().timing(),
                config.settings().failureExpiry(), clock, ticker, ClusterScheduler.threads(config.localNode()));
    }
}
