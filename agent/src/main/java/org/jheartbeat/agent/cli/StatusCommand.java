package org.jheartbeat.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hbctl status} as picocli knows it: for help and usage errors; plain runs take {@link StatusRun#parse}. */
@Command(name = "status", description = {
        "Show the cluster as this node's agent sees it, in crm_mon -1's layout: coordinator, nodes and their links, "
                + "ping reachability, every group with its resources in start order, failed actions.",
        "--xml and --json print the same report in their documented schemas (docs/control-protocol.md)."})
final class StatusCommand implements Callable<Integer> {

    static final double DEFAULT_INTERVAL = 2;

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

    private double interval = DEFAULT_INTERVAL;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "watch refresh, seconds (default: ${DEFAULT-VALUE})")
    private void interval(double seconds) {
        if (!StatusRun.validInterval(seconds)) {
            throw new ParameterException(spec.commandLine(), "--interval must be a positive number of seconds, not "
                    + seconds);
        }
        interval = seconds;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new StatusRun(format.xml ? "xml" : format.json ? "json" : "text", watch, interval, agent.socket())
                .run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
