package org.jheartbeat.agent.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.jheartbeat.agent.control.CommandRelay;
import org.jheartbeat.agent.control.ControlRequest;

/**
 * The client commands the agent runs for the launchers' relay ({@link CommandRelay}): cl_status with any arguments,
 * hb_standby and hb_takeover, and plain {@code hbctl status} (text, --xml or --json). Each is the class the JVM
 * client runs, so there is one implementation of every answer; watch mode and everything picocli would explain
 * go back to the JVM client.
 */
public final class RelayedCommands implements CommandRelay {

    private static final byte[] TO_THE_JVM = "jvm\n".getBytes(StandardCharsets.US_ASCII);

    private final Clock clock;

    public RelayedCommands(Clock clock) {
        this.clock = clock;
    }

    /** @param request target the program; args its command line from the name it was called by on */
    @Override
    public byte[] run(ControlRequest request, UnaryOperator<String> exchange) {
        List<String> argv = request.args() == null ? List.of() : request.args();
        if (argv.isEmpty() || request.target() == null) {
            return TO_THE_JVM;
        }
        AgentLink agent = exchange::apply;
        List<String> args = argv.subList(1, argv.size());
        Output output = new Output();
        OptionalInt exit = switch (request.target()) {
            case "cl_status" -> OptionalInt.of(new ClStatus(agent, output.out, output.err, clock,
                    request.pid() == null ? 0 : request.pid()).run(args));
            case "hb_standby", "hb_takeover" -> OptionalInt.of(new HbHandover(agent, output.out, output.err, clock)
                    .run(handover(request.target(), argv)));
            case "hbctl" -> hbctlStatus(args, agent, output);
            default -> OptionalInt.empty();
        };
        return exit.isPresent() ? output.finish(exit.getAsInt()) : TO_THE_JVM;
    }

    /** HbHandover's arguments: standby or takeover, the program as it was called (its messages name it), the rest. */
    private static List<String> handover(String program, List<String> argv) {
        List<String> args = new ArrayList<>(List.of(program.equals("hb_standby") ? "standby" : "takeover"));
        args.addAll(argv);
        return args;
    }

    private static OptionalInt hbctlStatus(List<String> args, AgentLink agent, Output output) {
        Optional<StatusRun> status = args.isEmpty() || !args.get(0).equals("status") ? Optional.empty()
                : StatusRun.parse(args.subList(1, args.size())).filter(run -> !run.watch() && run.socket() == null);
        if (status.isEmpty()) {
            return OptionalInt.empty();
        }
        PrintWriter out = new PrintWriter(output.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(output.err, true, StandardCharsets.UTF_8);
        try {
            return OptionalInt.of(status.get().run(new AgentCall(agent), out, err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Standard output and error as the relay's chunks, in the order they were written. */
    private static final class Output {
        private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(channel('1'), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(channel('2'), true, StandardCharsets.UTF_8);

        private OutputStream channel(char number) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    if (length > 0) {
                        chunks.writeBytes((number + " " + length + "\n").getBytes(StandardCharsets.US_ASCII));
                        chunks.write(bytes, offset, length);
                    }
                }
            };
        }

        byte[] finish(int exit) {
            out.flush();
            err.flush();
            chunks.writeBytes(("exit " + exit + "\n").getBytes(StandardCharsets.US_ASCII));
            return chunks.toByteArray();
        }
    }
}
