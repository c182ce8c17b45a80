package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.commandline.ConfigOptions;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.plugins.ResourceFactory;
import org.jheartbeat.agent.plugins.Plugins;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptDirectories;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
        "Read ha.cf, haresources, authkeys and jheartbeat.conf as the agent would, and report.",
        "Every resource's type is resolved (plugin, resource.d script, init.d script or OCF agent) and its "
                + "arguments checked, without running anything.",
        "Prints a summary and exits 0 when the agent could start from them; otherwise prints every error as "
                + "file:line: message and exits 1."})
final class ConfigCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Override
    public Integer call() {
        ConfigSources sources = configOptions.sources();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ConfigLoader.Result result = new ConfigLoader(classLoader).load(sources);
        PrintWriter out = spec.commandLine().getOut();
        if (result.config().isEmpty()) {
            out.print(ConfigReport.render(result, Optional.empty(), sources));
            out.flush();
            return 1;
        }
        ClusterConfig config = result.config().get();
        ResourceFactory.Result agents;
        try {
            agents = agentsOf(config, Plugins.load(classLoader).types());
        } catch (Plugins.PluginException e) {
            out.println(e.getMessage());
            out.flush();
            return 1;
        }
        out.print(ConfigReport.render(result, Optional.of(agents), sources));
        out.flush();
        return agents.complete() ? 0 : 1;
    }

    /** Builds every resource's agent as the daemon would, with a context in which no tool may run. */
    private static ResourceFactory.Result agentsOf(ClusterConfig config, Map<String, ResourceType> pluginTypes) {
        ResourceTypeResolver resolver = new ResourceTypeResolver(pluginTypes,
                ScriptDirectories.forConfigDir(config.configDir()));
        ResourceContext checkOnly = new ResourceContext(config.localNode(),
                command -> {
                    throw new IllegalStateException("a resource type ran " + command.display()
                            + " while its arguments were being checked");
                },
                reason -> {
                    throw new IllegalStateException("a resource type tried to fence while its arguments were "
                            + "being checked: " + reason);
                },
                config.settings().resources());
        return new ResourceFactory(resolver, checkOnly).create(config.groups());
    }
}
