package org.jheartbeat.agent.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "simulate", description = {
        "Show what the placement would do if a node failed, went standby, took over or came back, as crm_simulate "
                + "does: the agent runs its decision on the members' latest states with the event applied, round "
                + "after round, every action taken as done, and prints the actions in order. Nothing is changed.",
        "Events: fail NODE, return NODE (a configured node that is not a member), standby [NODE] [SCOPE], "
                + "takeover [NODE] [SCOPE] (as hbctl standby and takeover: this node and all by default)."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @Option(names = "--json", description = "as JSON (docs/control-protocol.md)")
    private boolean json;

    @Parameters(index = "0", paramLabel = "EVENT", description = "fail, return, standby or takeover")
    private String event;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "NODE|SCOPE", description = "the node, and for standby "
            + "and takeover the scope: all (the default), local, foreign or failback")
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("command", "simulate");
        request.put("event", event);
        switch (event) {
            case "fail", "return" -> {
                if (arguments.size() != 1) {
                    throw new ParameterException(spec.commandLine(), "simulate " + event + " needs one NODE");
                }
                request.put("target", arguments.get(0));
            }
            case "standby", "takeover" -> {
                HandoverCommand.NodeAndScope target = HandoverCommand.NodeAndScope.of(arguments);
                if (target.node() != null) {
                    request.put("target", target.node());
                }
                request.put("scope", target.scope());
            }
            default -> throw new ParameterException(spec.commandLine(), "unknown event '" + event
                    + "': fail, return, standby or takeover");
        }
        request.put("format", json ? "json" : "text");
        return agent.printRendered(request, spec);
    }
}
