package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resource", description = "Work with resource groups.", subcommands = ResourceCommand.Cleanup.class)
final class ResourceCommand {

    @Command(name = "cleanup", description = "Forget that a group failed on this node, so that it may run here "
            + "again. Name the group or any of its resources. A group BLOCKED here (its stop failed and fencing "
            + "returned) is cleaned up only once its resource that would not stop says stopped; the rest of the "
            + "group is stopped then.")
    static final class Cleanup implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private AgentCall agent;

        @Parameters(paramLabel = "GROUP|RESOURCE")
        private String target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int[] exit = {HbctlExit.OK};
            agent.call(new ControlRequest("cleanup", null, target), spec.commandLine().getErr(), exit)
                    .ifPresent(reply -> out.println(reply.message()));
            out.flush();
            return exit[0];
        }
    }
}
