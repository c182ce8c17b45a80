package org.jheartbeat.agent.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.jheartbeat.agent.commandline.JheartbeatVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hbctl}: the operator's command. Exit codes ({@link HbctlExit}): 0 success, 1 the command ran and found a
 * problem (configuration errors, a request the agent refused), 2 wrong usage, 3 no agent answers, 4 config check
 * found warnings only.
 */
@Command(name = "hbctl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = JheartbeatVersion.class, description = "Inspect and control a jheartbeat cluster.")
public final class Hbctl {

    /** Built when picocli is needed: plain {@code hbctl status} loads none of these classes. */
    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> subcommands = new LinkedHashMap<>();
        subcommands.put("status", StatusCommand.class);
        subcommands.put("standby", HandoverCommand.Standby.class);
        subcommands.put("takeover", HandoverCommand.Takeover.class);
        subcommands.put("resource", ResourceCommand.class);
        subcommands.put("metrics", MetricsCommand.class);
        subcommands.put("history", HistoryCommand.class);
        subcommands.put("simulate", SimulateCommand.class);
        subcommands.put("config", ConfigCommand.class);
        subcommands.put("help", CommandLine.HelpCommand.class);
        return subcommands;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("status")) {
            Optional<StatusRun> status = StatusRun.parse(List.of(args).subList(1, args.length));
            if (status.isPresent()) {
                System.exit(status.get().run(new PrintWriter(System.out), new PrintWriter(System.err)));
            }
        }
        System.exit(commandLine(args.length == 0 ? "" : args[0]).execute(args));
    }

    static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * When the first argument names a subcommand (other than help, which needs them all), only that one is
     * modelled: picocli reads every command's
     * annotations reflectively, and its classes (Java 5 bytecode) cannot be class-data shared, so each command
     * modelled costs start-up time on every run of {@code hbctl status}.
     */
    static CommandLine commandLine(String firstArgument) {
        return commandLine(firstArgument, CommandLine.defaultFactory());
    }

    /** With the factory that makes the subcommands: a test's gives them this node's facts as it wants them. */
    static CommandLine commandLine(String firstArgument, CommandLine.IFactory factory) {
        CommandLine line = new CommandLine(new Hbctl(), factory);
        Map<String, Class<?>> subcommands = subcommands();
        Class<?> only = subcommands.get(firstArgument);
        if (only != null && only != CommandLine.HelpCommand.class) {
            line.addSubcommand(only);
        } else {
            subcommands.values().forEach(line::addSubcommand);
        }
        return line;
    }
}
