package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "metrics", description = "Print the agent's metrics, one 'name value' line each (times in ms).")
final class MetricsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @Option(names = "--json", description = "as one JSON object")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int[] exit = {HbctlExit.OK};
        var reply = agent.call(ControlRequest.of("metrics"), spec.commandLine().getErr(), exit);
        if (reply.isPresent()) {
            Map<String, Object> metrics = reply.get().metrics();
            if (json) {
                out.print(ControlProtocol.encodeIndented(metrics));
            } else {
                metrics.forEach((name, value) -> out.println(name + " " + value));
            }
        }
        out.flush();
        return exit[0];
    }
}
