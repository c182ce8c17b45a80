package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
 * @param socket the agent's socket as given (--socket); null for the one every client finds
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
        Path socket = null;
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
                    if (!validInterval(interval)) {
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

    /** A redraw interval hbctl accepts: a positive, finite number of seconds. */
    static boolean validInterval(double seconds) {
        return seconds > 0 && Double.isFinite(seconds);
    }

    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        return run(new AgentCall(socket), out, err);
    }

    int run(AgentCall agent, PrintWriter out, PrintWriter err) throws InterruptedException {
        Map<String, String> request = Map.of("command", "status", "format", format);
        int[] exit = {HbctlExit.OK};
        if (!watch) {
            agent.callRendered(request, err, exit).ifPresent(reply -> out.print(reply.rendered()));
            out.flush();
            return exit[0];
        }
        while (true) {
            // The error goes on the screen after the clear, where it stays until the next redraw.
            StringWriter error = new StringWriter();
            Optional<ReplyEnvelope> reply = agent.callRendered(request, new PrintWriter(error, true), exit);
            TerminalWidth width = TerminalWidth.current();
            out.print("\033[H\033[2J");
            reply.ifPresent(answer -> out.print(width.fit(answer.rendered())));
            if (reply.isEmpty()) {
                out.print(width.fit(error + "(asking again every " + intervalSeconds + " s; Ctrl-C to stop)"));
            }
            out.flush();
            Thread.sleep((long) (intervalSeconds * 1000));
        }
    }
}
