package org.jheartbeat.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", description = {
        "Show this node's last transitions (failovers, handovers, first starts, releases, restarts, resource "
                + "failures, fencing), oldest first, each with its timings: from what set it off (node lost, request "
                + "seen, node joined, failed check) to the decision, each resource's start or stop, and the group "
                + "running or stopped.",
        "The agent keeps the last 64 in memory; the log keeps them all."})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @Option(names = "--json", description = "as JSON (docs/control-protocol.md)")
    private boolean json;

    @Override
    public Integer call() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("command", "history");
        request.put("format", json ? "json" : "text");
        return agent.printRendered(request, spec);
    }
}
