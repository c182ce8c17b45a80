package org.jheartbeat.agent.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.config.ConfiguredResource;
import org.jheartbeat.agent.config.HaCf;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.ResourceGroup;
import org.jheartbeat.agent.membership.LinkPlan;
import org.jheartbeat.agent.plugins.ResourceFactory;
import org.jheartbeat.agent.scripts.Resolution;

/** The text of {@code hbctl config check}: a pure function of the load result, so it is tested as text. */
final class ConfigReport {

    private ConfigReport() {
    }

    /**
     * @param agents the outcome of building every resource's agent, present when the files themselves are valid
     * @param links  the links this machine would open and the address each binds (none for another node)
     */
    static String render(ConfigLoader.Result result, Optional<ResourceFactory.Result> agents, ConfigSources sources,
                         List<LinkPlan.Link> links) {
        StringBuilder text = new StringBuilder();
        result.config().ifPresent(config -> summary(config, agents.orElseThrow(), result.errors().isEmpty(), links,
                sources, text));
        List<ConfigProblem> errors = new ArrayList<>(result.errors());
        List<ConfigProblem> warnings = new ArrayList<>(result.warnings());
        agents.ifPresent(built -> built.problems().forEach(problem -> (problem.isError() ? errors : warnings)
                .add(problem)));
        if (!errors.isEmpty()) {
            errors.forEach(error -> text.append(error).append('\n'));
        }
        if (!warnings.isEmpty()) {
            if (result.config().isPresent()) {
                text.append("warnings:\n");
            }
            warnings.forEach(warning -> text.append(result.config().isPresent() ? "  " : "").append(warning)
                    .append('\n'));
        }
        if (!errors.isEmpty()) {
            text.append(errors.size()).append(errors.size() == 1 ? " error" : " errors")
                    .append(": jheartbeat would refuse to start with this configuration\n");
        }
        return text.toString();
    }

    /**
     * The check as one JSON object: this node (empty when the files could not be read as a whole), hbctl's exit
     * code, and every problem with its file, line (0: the whole file), severity and message.
     */
    static String json(String node, int exitCode, List<ConfigProblem> problems) {
        List<Map<String, Object>> listed = problems.stream().sorted(ConfigProblem.REPORT_ORDER)
                .map(problem -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("severity", problem.isError() ? "error" : "warning");
                    entry.put("file", problem.location().file().toString());
                    entry.put("line", problem.location().line());
                    entry.put("message", problem.message());
                    return entry;
                }).toList();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("node", node);
        report.put("exitCode", exitCode);
        report.put("errors", problems.stream().filter(ConfigProblem::isError).count());
        report.put("warnings", problems.stream().filter(problem -> !problem.isError()).count());
        report.put("problems", listed);
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void summary(ClusterConfig config, ResourceFactory.Result agents, boolean filesFitThisNode,
                                List<LinkPlan.Link> links, ConfigSources sources, StringBuilder text) {
        HaCf haCf = config.haCf();
        text.append("configuration in ").append(config.configDir()).append(!filesFitThisNode ? " cannot work on this "
                + "node" : agents.complete() ? " is valid" : " has resources that cannot start").append(" for node ").append(config.localNode()).append('\n');
        row(text, "nodes", haCf.nodes().stream()
                .map(node -> node.equals(config.localNode()) ? node + " (this node)" : node)
                .collect(Collectors.joining(", ")));
        row(text, "media", haCf.media().stream().map(ConfigReport::medium).collect(Collectors.joining("; ")));
        links.forEach(link -> row(text, "link", link.describe()));
        row(text, "timing", haCf.timing().toString());
        row(text, "failback", "auto_failback " + haCf.autoFailback().name().toLowerCase());
        if (!haCf.pingTargets().isEmpty()) {
            row(text, "ping", haCf.pingTargets().stream()
                    .map(target -> target.addresses().size() == 1 && target.name().equals(target.addresses().get(0))
                            ? target.name() : target.name() + " (" + String.join(" ", target.addresses()) + ")")
                    .collect(Collectors.joining(", ")));
        }
        row(text, "auth", config.authKeys().toString());
        row(text, "settings", sources.settingsFile() + (Files.exists(sources.settingsFile()) ? "" : " (absent: defaults)"));
        List<String> optIns = OptIns.suggestions(config, agents.resolutions());
        if (!optIns.isEmpty()) {
            text.append("  beyond heartbeat, not turned on (jheartbeat.conf):\n");
            optIns.forEach(line -> text.append("    ").append(line).append('\n'));
        }
        if (config.groups().isEmpty()) {
            row(text, "groups", "none");
            return;
        }
        text.append("  groups (started in this order, stopped in reverse):\n");
        for (ResourceGroup group : config.groups()) {
            text.append("    ").append(group.id()).append("  preferred node ").append(group.preferredNode())
                    .append("  (").append(group.location()).append(")\n");
            int width = group.resources().stream().mapToInt(resource -> resource.id().length()).max().orElse(0);
            for (int i = 0; i < group.resources().size(); i++) {
                ConfiguredResource resource = group.resources().get(i);
                Resolution resolution = agents.resolutions().get(resource.spec().type());
                text.append(String.format("      %d. %-" + width + "s  %s%n", i + 1, resource.id(),
                        resolution.resolved() ? origin(resolution) : "not found on this node"));
            }
        }
    }

    private static String origin(Resolution resolution) {
        return switch (resolution.origin()) {
            case PLUGIN -> "plugin";
            case RESOURCE_D, INIT_D, OCF -> resolution.detail();
            case UNRESOLVED -> "unresolved";
        };
    }

    static String medium(Medium medium) {
        if (medium instanceof Medium.Broadcast broadcast) {
            return "bcast " + broadcast.device() + " port " + broadcast.port();
        }
        if (medium instanceof Medium.Multicast multicast) {
            return "mcast " + multicast.device() + " " + multicast.group() + " port " + multicast.port() + " ttl "
                    + multicast.ttl();
        }
        Medium.Unicast unicast = (Medium.Unicast) medium;
        return "ucast " + unicast.device() + " " + unicast.peer() + " port " + unicast.port();
    }

    private static void row(StringBuilder text, String label, String value) {
        text.append(String.format("  %-9s %s%n", label, value));
    }
}
