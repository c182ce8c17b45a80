package org.jheartbeat.agent.cli;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.jheartbeat.agent.config.ClusterConfig;
import org.jheartbeat.agent.config.ConfigLoader;
import org.jheartbeat.agent.config.ConfigProblem;
import org.jheartbeat.agent.config.ConfigSources;
import org.jheartbeat.agent.config.HaCf;
import org.jheartbeat.agent.config.Medium;
import org.jheartbeat.agent.config.ResourceGroup;

/** The text of {@code hbctl config check}: a pure function of the load result, so it is tested as text. */
final class ConfigReport {

    private ConfigReport() {
    }

    static String render(ConfigLoader.Result result, ConfigSources sources) {
        StringBuilder text = new StringBuilder();
        result.config().ifPresent(config -> summary(config, sources, text));
        List<ConfigProblem> errors = result.errors();
        if (!errors.isEmpty()) {
            errors.forEach(error -> text.append(error).append('\n'));
        }
        List<ConfigProblem> warnings = result.warnings();
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

    private static void summary(ClusterConfig config, ConfigSources sources, StringBuilder text) {
        HaCf haCf = config.haCf();
        text.append("configuration in ").append(config.configDir()).append(" is valid for node ")
                .append(config.localNode()).append('\n');
        row(text, "nodes", haCf.nodes().stream()
                .map(node -> node.equals(config.localNode()) ? node + " (this node)" : node)
                .collect(Collectors.joining(", ")));
        row(text, "media", haCf.media().stream().map(ConfigReport::medium).collect(Collectors.joining("; ")));
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
        if (config.groups().isEmpty()) {
            row(text, "groups", "none");
            return;
        }
        text.append("  groups (started in this order, stopped in reverse):\n");
        for (ResourceGroup group : config.groups()) {
            text.append("    ").append(group.id()).append("  preferred node ").append(group.preferredNode())
                    .append("  (").append(group.location()).append(")\n");
            for (int i = 0; i < group.resources().size(); i++) {
                text.append("      ").append(i + 1).append(". ").append(group.resources().get(i).id()).append('\n');
            }
        }
    }

    private static String medium(Medium medium) {
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
