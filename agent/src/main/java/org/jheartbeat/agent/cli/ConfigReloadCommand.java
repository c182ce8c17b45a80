package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "reload", description = {
        "Have the running agent read its configuration files again and apply what changed: a group added is placed, a "
                + "group removed is stopped where it runs, a group changed after its first resource is restarted from "
                + "its first changed resource where it runs; unchanged groups are not touched. auto_failback and the "
                + "log settings apply at once; other changes wait for the next restart, and are named.",
        "Prints what changed and exits 0 (\"Configuration unchanged.\" when nothing did); when the files have errors, "
                + "prints them as file:line: message on standard error, changes nothing and exits 1; 3 when no agent "
                + "answers. SIGHUP, systemctl reload heartbeat and /etc/init.d/heartbeat reload do the same."})
final class ConfigReloadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int[] exit = {HbctlExit.OK};
        agent.call(ControlRequest.of("reload"), spec.commandLine().getErr(), exit)
                .ifPresent(reply -> out.println(reply.message()));
        out.flush();
        return exit[0];
    }
}
