package org.jheartbeat.agent.control;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Renders the status report as crm_mon {@code -1} lays out a cluster, in jheartbeat's terms. */
public final class StatusText {

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy",
            Locale.ROOT);

    private final ZoneId zone;

    public StatusText(ZoneId zone) {
        this.zone = zone;
    }

    public String render(StatusReport report) {
        StringBuilder out = new StringBuilder();
        summary(report, out);
        nodes(report, out);
        resources(report, out);
        failedActions(report, out);
        refusals(report, out);
        return out.toString();
    }

    /** Refusals on the cluster port: of this node by its cluster, and of senders by this node. */
    private void refusals(StatusReport report, StringBuilder out) {
        if (report.refused() != null) {
            out.append("\nThis node is REFUSED by its cluster (it runs no group): ").append(report.refused())
                    .append('\n');
        }
        if (report.refusedSenders().isEmpty()) {
            return;
        }
        out.append("\nRefused on the cluster port (last 10 minutes):\n");
        for (StatusReport.RefusedSender sender : report.refusedSenders()) {
            out.append("  * ").append(sender.node()).append(" at ").append(sender.address()).append(": ")
                    .append(sender.reason()).append(" (last ")
                    .append(CTIME.format(Instant.parse(sender.last()).atZone(zone))).append(")\n");
        }
    }

    private void summary(StatusReport report, StringBuilder out) {
        long online = report.nodes().stream().filter(node -> !List.of("offline", "heartbeat3", "restarting", "releasing", "split").contains(node.state()))
                .count();
        int resources = report.groups().stream().mapToInt(group -> group.resources().size()).sum();
        out.append("Cluster Summary:\n");
        out.append("  * Stack: ").append(report.stack()).append(' ').append(report.version())
                .append(" (heartbeat v1 compatible)\n");
        out.append("  * Current coordinator: ").append(report.coordinator() == null ? "NONE" : report.coordinator())
                .append(" - partition with ").append(online).append(" of ").append(report.nodes().size())
                .append(" nodes\n");
        out.append("  * Last updated: ").append(CTIME.format(Instant.parse(report.generated()).atZone(zone)))
                .append(" on ").append(report.node()).append('\n');
        out.append("  * Configuration: ").append(report.configDirectory()).append(" (digest ")
                .append(report.configDigest()).append(")\n");
        List<StatusReport.Node> differing = report.nodes().stream().filter(node -> node.configDigest() != null
                && !node.configDigest().equals(report.configDigest())).toList();
        if (!differing.isEmpty()) {
            out.append("  * Configurations differ: ").append(String.join(", ", differing.stream()
                    .map(node -> node.name() + " runs " + node.configDigest()).toList()))
                    .append(" (groups not known everywhere stay where they are until every node has reloaded)\n");
        }
        out.append("  * ").append(plural(report.nodes().size(), "node")).append(" configured\n");
        out.append("  * ").append(plural(report.groups().size(), "resource group")).append(" configured (")
                .append(plural(resources, "resource")).append(")\n");
    }

    private void nodes(StatusReport report, StringBuilder out) {
        out.append("\nNode List:\n");
        nodeLine(report, "Online", node -> node.state().equals("online"), out);
        nodeLine(report, "Standby", node -> node.state().equals("standby"), out);
        nodeLine(report, "Pending", node -> node.state().equals("pending"), out);
        nodeLine(report, "heartbeat 3 (not a member)", node -> node.state().equals("heartbeat3"), out);
        nodeLine(report, "Restarting in place (not a member)", node -> node.state().equals("restarting"), out);
        nodeLine(report, "Agent dead, its guard stopping its groups (not a member)",
                node -> node.state().equals("releasing"), out);
        nodeLine(report, "Heard but not a member (split: nothing starts or moves)", node -> node.state().equals("split"),
                out);
        nodeLine(report, "OFFLINE", node -> node.state().equals("offline"), out);
        out.append("\nLinks (as ").append(report.node()).append(" sees them):\n");
        for (StatusReport.Node node : report.nodes()) {
            out.append("  * ").append(node.name()).append(':');
            if (node.links().isEmpty()) {
                out.append(" no links");
            }
            for (int i = 0; i < node.links().size(); i++) {
                StatusReport.Link link = node.links().get(i);
                out.append(i == 0 ? " " : ", ").append(link.name()).append(link.up() ? " up" : " down");
            }
            out.append('\n');
        }
        List<StatusReport.Node> restarting = report.nodes().stream().filter(node -> node.restarting() != null)
                .toList();
        if (!restarting.isEmpty()) {
            out.append("\nHeld for nodes restarting in place, or whose guard stops their groups (started nowhere else "
                    + "until they are back or released):\n");
            restarting.forEach(node -> out.append("  * ").append(node.name()).append(": ")
                    .append(node.restarting().heldGroups().isEmpty() ? "no group"
                            : String.join(" ", node.restarting().heldGroups()))
                    .append(" until ").append(CTIME.format(Instant.parse(node.restarting().heldUntil()).atZone(zone)))
                    .append('\n'));
        }
        List<StatusReport.Node> requesting = report.nodes().stream().filter(node -> node.request() != null).toList();
        if (!requesting.isEmpty()) {
            out.append("\nRequests in force:\n");
            requesting.forEach(node -> out.append("  * ").append(node.name()).append(": ").append(node.request())
                    .append('\n'));
        }
        if (!report.pingTargets().isEmpty()) {
            out.append("\nPing targets: ").append(String.join(" ", report.pingTargets())).append('\n');
            for (StatusReport.Node node : report.nodes()) {
                if (node.pingReachable() != null) {
                    out.append("  * ").append(node.name()).append(" reaches ").append(node.pingReachable())
                            .append(" of ").append(report.pingTargets().size()).append('\n');
                }
            }
        }
    }

    private static void nodeLine(StatusReport report, String label, Predicate<StatusReport.Node> which,
                                 StringBuilder out) {
        List<String> names = report.nodes().stream().filter(which).map(StatusReport.Node::name).toList();
        if (!names.isEmpty()) {
            out.append("  * ").append(label).append(": [ ").append(String.join(" ", names)).append(" ]\n");
        }
    }

    private static void resources(StatusReport report, StringBuilder out) {
        out.append("\nFull List of Resources:\n");
        if (report.groups().isEmpty()) {
            out.append("  * No resources\n");
        }
        for (StatusReport.Group group : report.groups()) {
            out.append("  * Resource Group: ").append(group.id()).append(" (preferred ").append(group.preferredNode())
                    .append("):\t").append(stateWord(group.state()))
                    .append(group.node() == null ? "" : " " + group.node()).append('\n');
            for (StatusReport.Resource resource : group.resources()) {
                out.append("    * ").append(resource.id()).append("\t(").append(resource.type()).append("):\t ")
                        .append(stateWord(resource.state()))
                        .append(resource.node() == null ? "" : " " + resource.node()).append('\n');
            }
        }
    }

    private static void failedActions(StatusReport report, StringBuilder out) {
        if (report.failedActions().isEmpty()) {
            return;
        }
        out.append("\nFailed Resource Actions:\n");
        for (StatusReport.FailedAction action : report.failedActions()) {
            out.append("  * ");
            if (action.resource() != null) {
                out.append(action.resource()).append(' ').append(action.operation()).append(" on ")
                        .append(action.node()).append(" '").append(action.outcome()).append("': ")
                        .append(action.reason()).append(" (").append(action.time()).append(")\n");
            } else {
                out.append(action.group()).append(": ").append(action.reason()).append('\n');
            }
        }
    }

    /** crm_mon's capitalisation: Started, Stopped …; failures shouted. */
    private static String stateWord(String state) {
        if (state.equals("failed") || state.equals("fencing") || state.equals("blocked")) {
            return state.toUpperCase(Locale.ROOT);
        }
        return Character.toUpperCase(state.charAt(0)) + state.substring(1);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
