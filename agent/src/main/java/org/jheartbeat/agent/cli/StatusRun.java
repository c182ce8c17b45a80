package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code hbctl status} as asked: once, or redrawn in place every interval. The agent renders the report;
 * this side only prints it, so the command needs neither JSON binding nor the report's classes.
 *
 * @param format text, xml or json
 */
record StatusRun(String format, boolean watch, double intervalSeconds, Path socket) {

    /** Every option hbctl status takes; {@link StatusCommand} declares the same ones for help and errors. */
    static final Set<String> OPTIONS = Set.of("--xml", "--json", "-w", "--watch", "-i", "--interval", "--socket");

    /**
     * Reads the arguments after {@code status} without picocli, whose classes cost about 100 ms of every run;
     * empty for anything beyond plain, valid use (help, mistakes), which picocli then explains.
     */
    static Optional<StatusRun> parse(List<String> args) {
        String format = "text";
        boolean watch = false;
        double interval = StatusCommand.DEFAULT_INTERVAL;
        Path socket = AgentSocket.locate();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "--xml", "--json" -> {
                    if (!format.equals("text")) {
                        return Optional.empty();
                    }
                    format = arg.substring(2);
                }
                case "-w", "--watch" -> watch = true;
                case "-i", "--interval" -> {
                    if (!hasValue) {
                        return Optional.empty();
                    }
                    try {
                        interval = Double.parseDouble(args.get(++i));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                case "--socket" -> {
                    if (!hasValue) {
                        return Optional.empty();
                    }
                    socket = Path.of(args.get(++i));
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new StatusRun(format, watch, interval, socket));
    }

    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        AgentCall agent = new AgentCall(socket);
        Map<String, String> request = Map.of("command", "status", "format", format);
        int[] exit = {HbctlExit.OK};
        if (!watch) {
            agent.callRendered(request, err, exit).ifPresent(reply -> out.print(reply.rendered()));
            out.flush();
            return exit[0];
        }
        TerminalWidth width = TerminalWidth.current();
        while (true) {
            Optional<ReplyEnvelope> reply = agent.callRendered(request, err, exit);
            out.print("\033[H\033[2J");
            reply.ifPresent(answer -> out.print(width.fit(answer.rendered())));
            out.flush();
            Thread.sleep((long) (intervalSeconds * 1000));
        }
    }
}
