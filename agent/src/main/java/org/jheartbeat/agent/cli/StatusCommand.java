package org.jheartbeat.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jheartbeat.agent.control.ControlProtocol;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.agent.control.StatusReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", description = {
        "Show the cluster as this node's agent sees it, in crm_mon -1's layout: coordinator, nodes and their links, "
                + "ping reachability, every group with its resources in start order, failed actions.",
        "--xml and --json print the same report in their documented schemas (docs/control-protocol.md)."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private AgentCall agent;

    @ArgGroup
    private Format format = new Format();

    static final class Format {
        @Option(names = "--xml", description = "XML (schema: status.xsd)")
        boolean xml;
        @Option(names = "--json", description = "JSON")
        boolean json;
    }

    @Option(names = {"-w", "--watch"}, description = "redraw in place every interval until interrupted, like crm_mon")
    private boolean watch;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", description = "watch refresh (default: ${DEFAULT-VALUE})")
    private double interval = 2;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int[] exit = {HbctlExit.OK};
        if (!watch) {
            Optional<ControlReply> reply = agent.call(ControlRequest.of("status"), err, exit);
            reply.ifPresent(answer -> out.print(render(answer.status())));
            out.flush();
            return exit[0];
        }
        TerminalWidth width = TerminalWidth.current();
        while (true) {
            exit[0] = HbctlExit.OK;
            Optional<ControlReply> reply = agent.call(ControlRequest.of("status"), err, exit);
            out.print("\033[H\033[2J");
            reply.ifPresent(answer -> out.print(width.fit(render(answer.status()))));
            out.flush();
            Thread.sleep(Duration.ofMillis((long) (interval * 1000)).toMillis());
        }
    }

    private String render(StatusReport report) {
        if (format.xml) {
            return new StatusXml().render(report);
        }
        if (format.json) {
            try {
                return ControlProtocol.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the status as JSON", e);
            }
        }
        return new StatusText(ZoneId.systemDefault()).render(report);
    }
}
