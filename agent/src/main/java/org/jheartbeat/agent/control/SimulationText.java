package org.jheartbeat.agent.control;

/** Renders {@code hbctl simulate}: where the groups run now, the actions in order, where they would run then. */
public final class SimulationText {

    private SimulationText() {
    }

    public static String render(SimulationReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Simulated on ").append(report.node()).append(": ").append(report.event())
                .append(" (nothing was changed)\n\nNow:\n");
        int width = report.groups().stream().mapToInt(group -> group.group().length()).max().orElse(0);
        for (SimulationReport.Placed group : report.groups()) {
            placed(out, width, group.group(), group.before());
        }
        out.append("\nActions:\n");
        if (report.actions().isEmpty()) {
            out.append("  none: every group stays where it is\n");
        }
        int number = 1;
        for (SimulationReport.Action action : report.actions()) {
            out.append(String.format("  %d. %-5s %s on %s (round %d: %s)\n", number++, action.action(),
                    action.group(), action.node(), action.round(), String.join(", ", action.resources())));
        }
        out.append("\nThen:\n");
        for (SimulationReport.Placed group : report.groups()) {
            placed(out, width, group.group(), group.after());
        }
        return out.toString();
    }

    private static void placed(StringBuilder out, int width, String group, String node) {
        out.append(String.format("  %-" + width + "s  %s\n", group, node == null ? "stopped" : "on " + node));
    }
}
