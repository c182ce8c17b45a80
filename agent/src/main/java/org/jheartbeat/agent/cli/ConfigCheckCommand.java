package org.jheartbeat.agent.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.commandline.ConfigOptions;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.config.Settings;
import org.jheartbeat.agent.membership.LinkPlan;
import org.jheartbeat.agent.plugins.Plugins;
import org.jheartbeat.agent.plugins.ResourceFactory;
import org.jheartbeat.agent.scripts.ResourceTypeResolver;
import org.jheartbeat.agent.scripts.ScriptDirectories;
import org.jheartbeat.resource.ResourceContext;
import org.jheartbeat.resource.ResourceType;
import org.jheartbeat.resource.host.LinuxHost;
import org.jheartbeat.resource.host.NetInterface;
import org.jheartbeat.resource.host.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
        "Read ha.cf, haresources, authkeys and jheartbeat.conf as the agent would, and report.",
        "Every resource's type is resolved (plugin, resource.d script, init.d script or OCF agent) and its "
                + "arguments checked, without running anything.",
        "Compares them with this node too (interfaces, addresses, the sample's secret), and names the address each "
                + "link would bind here.",
        "Prints a summary and exits 0 when nothing is wrong, 4 when the agent would start but there are warnings, "
                + "1 when it would not (every error as file:line: message)."})
final class ConfigCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--json", description = "the problems as one JSON object (docs/control-protocol.md)")
    private boolean json;

    private final NodeFacts node;

    ConfigCheckCommand() {
        this(NodeFacts.ofThisNode());
    }

    ConfigCheckCommand(NodeFacts node) {
        this.node = node;
    }

    @Override
    public Integer call() {
        ConfigSources sources = configOptions.sources();
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ConfigLoader.Result loaded = new ConfigLoader(classLoader).load(sources);
        List<ConfigProblem> problems = new ArrayList<>(loaded.problems());
        // --node checks another node's view, which this machine's interfaces say nothing about.
        loaded.config().ifPresent(config -> problems.addAll(node.problems(config.haCf(), config.authKeys(),
                sources.localNode().isEmpty())));
        // Only this machine's own interfaces tell what its links bind; an expert's stack file binds what it says.
        List<LinkPlan.Link> links = loaded.config().filter(config -> sources.localNode().isEmpty()
                && config.settings().transport().stackFile().isEmpty())
                .map(config -> LinkPlan.of(config, node.addresses(), LinkPlan.Resolver.SYSTEM)).orElse(List.of());
        links.forEach(link -> linkProblem(link).ifPresent(problems::add));
        ConfigLoader.Result result = new ConfigLoader.Result(loaded.config(), problems, loaded.parsed());
        PrintWriter out = spec.commandLine().getOut();
        Optional<ResourceFactory.Result> agents;
        try {
            Map<String, ResourceType> pluginTypes = Plugins.load(classLoader).types();
            // With errors in the files, the groups that were read are still checked: every error in one run.
            agents = result.config().map(config -> agentsOf(config.configDir(), config.localNode(), config.groups(),
                    config.settings().resources(), pluginTypes))
                    .or(() -> result.parsed().map(parsed -> agentsOf(parsed.configDir(), parsed.localNode(),
                            parsed.groups(), parsed.settings().map(Settings::resources)
                                    .orElseGet(() -> ConfigFactory.defaultReference(classLoader)
                                            .getConfig("jheartbeat.resources")), pluginTypes)));
        } catch (Plugins.PluginException e) {
            out.println(e.getMessage());
            out.flush();
            return 1;
        }
        List<ConfigProblem> all = new ArrayList<>(result.problems());
        agents.ifPresent(built -> all.addAll(built.problems()));
        boolean errors = result.config().isEmpty() || all.stream().anyMatch(ConfigProblem::isError);
        int exit = errors ? HbctlExit.REFUSED : all.isEmpty() ? HbctlExit.OK : HbctlExit.WARNINGS;
        out.print(json ? ConfigReport.json(result.config().map(ClusterConfig::localNode).orElse(""), exit, all)
                : ConfigReport.render(result, agents, sources, links));
        out.flush();
        return exit;
    }

    /**
     * As the agent takes the link: one it leaves out is a warning; one it cannot bind (an interface this node lacks,
     * no address of the node's own on it) an error, as the agent refuses to start on it (MediaLinks).
     */
    private static Optional<ConfigProblem> linkProblem(LinkPlan.Link link) {
        if (link.boundBy().isPresent()) {
            return Optional.of(new ConfigProblem(ConfigProblem.Severity.WARNING, link.medium().location(),
                    "link " + link.describe()));
        }
        if (link.address().isEmpty()) {
            return Optional.of(new ConfigProblem(ConfigProblem.Severity.ERROR, link.medium().location(),
                    "the agent would refuse to start ('cannot build the cluster links'): link " + link.describe()));
        }
        return Optional.empty();
    }

    /** Builds every resource's agent as the daemon would, with a context in which no tool may run. */
    private static ResourceFactory.Result agentsOf(Path configDir, String localNode, List<ResourceGroup> groups,
                                                   Config resourceSettings, Map<String, ResourceType> pluginTypes) {
        ResourceTypeResolver resolver = new ResourceTypeResolver(pluginTypes,
                ScriptDirectories.forConfigDir(configDir));
        // Reading this machine's state is harmless; a type that ran a tool or fenced while checking would not be.
        ResourceContext checkOnly = new ResourceContext(localNode,
                command -> {
                    throw new IllegalStateException("a resource type ran " + command.display()
                            + " while its arguments were being checked");
                },
                new LinuxHost(),
                new NetworkUntouched(),
                reason -> {
                    throw new IllegalStateException("a resource type tried to fence while its arguments were "
                            + "being checked: " + reason);
                },
                resourceSettings);
        return new ResourceFactory(resolver, checkOnly).create(groups);
    }

    /** The network of a check: a type that read or changed it while its arguments were checked would be wrong. */
    private static final class NetworkUntouched implements Network {

        @Override
        public List<NetInterface> interfaces() {
            throw refused("read the interfaces");
        }

        @Override
        public void add(NewAddress address) {
            throw refused("added " + address);
        }

        @Override
        public void delete(InetAddress address, int prefixLength, String device) {
            throw refused("deleted " + address.getHostAddress());
        }

        @Override
        public void send(String device, List<byte[]> frames) {
            throw refused("sent frames on " + device);
        }

        private static IllegalStateException refused(String what) {
            return new IllegalStateException("a resource type " + what + " while its arguments were being checked");
        }
    }
}
