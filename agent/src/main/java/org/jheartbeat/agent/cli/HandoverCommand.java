package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
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

    @Parameters(arity = "0..1", paramLabel = "SCOPE", defaultValue = "all",
            description = "all, local (groups preferring this node), foreign or failback (the others); "
                    + "default: ${DEFAULT-VALUE}")
    private String scope;

    abstract String command();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int[] exit = {HbctlExit.OK};
        Optional<ControlReply> reply = agent.call(new ControlRequest(command(), scope, null),
                spec.commandLine().getErr(), exit);
        reply.ifPresent(answer -> out.println(answer.message() + "; hbctl status shows the groups move"));
        out.flush();
        return exit[0];
    }

    @Command(name = "standby", description = "Hand this node's groups (all of them, or a scope) to the other nodes.")
    static final class Standby extends HandoverCommand {
        @Override
        String command() {
            return "standby";
        }
    }

    @Command(name = "takeover", description = "Take groups (all of them, or a scope) over to this node.")
    static final class Takeover extends HandoverCommand {
        @Override
        String command() {
            return "takeover";
        }
    }
}
