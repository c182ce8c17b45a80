package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.agent.ownership.Scope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbctl standby} and {@code hbctl takeover}: heartbeat's hb_standby and hb_takeover, answered. */
abstract class HandoverCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @Parameters(arity = "0..2", paramLabel = "[NODE] [SCOPE]",
            description = {"NODE: the node that hands over or takes over (default: this node);",
                    "SCOPE: all (the default), local (groups preferring that node), foreign or failback (the others)"})
    private List<String> arguments = new ArrayList<>();

    abstract String command();

    /** {@code [NODE] [SCOPE]}: a lone word that is a scope is the scope; the node defaults to the agent's own. */
    record NodeAndScope(String node, String scope) {
        static NodeAndScope of(List<String> arguments) {
            boolean firstIsScope = arguments.size() == 1 && Scope.parse(arguments.get(0)).isPresent();
            String node = arguments.isEmpty() || firstIsScope ? null : arguments.get(0);
            String scope = firstIsScope ? arguments.get(0) : arguments.size() == 2 ? arguments.get(1) : "all";
            return new NodeAndScope(node, scope);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int[] exit = {HbctlExit.OK};
        NodeAndScope target = NodeAndScope.of(arguments);
        Optional<ControlReply> reply = agent.call(new ControlRequest(command(), target.scope(), target.node()),
                spec.commandLine().getErr(), exit);
        reply.ifPresent(answer -> out.println(answer.message() + "; hbctl status shows the groups move"));
        out.flush();
        return exit[0];
    }

    @Command(name = "standby", description = "Hand a node's groups (this node's by default; all of them, or a scope) "
            + "to the other nodes.")
    static final class Standby extends HandoverCommand {
        @Override
        String command() {
            return "standby";
        }
    }

    @Command(name = "takeover", description = "Take groups (all of them, or a scope) over to a node (this node by "
            + "default).")
    static final class Takeover extends HandoverCommand {
        @Override
        String command() {
            return "takeover";
        }
    }
}
