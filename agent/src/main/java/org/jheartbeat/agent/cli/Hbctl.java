package org.jheartbeat.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hbctl}: the operator's command. Exit codes ({@link HbctlExit}): 0 success, 1 the command ran and found a
 * problem (configuration errors, a request the agent refused), 2 wrong usage, 3 no agent answers.
 */
@Command(name = "hbctl", mixinStandardHelpOptions = true, versionProvider = JheartbeatVersion.class,
        description = "Inspect and control a jheartbeat cluster.",
        subcommands = {StatusCommand.class, HandoverCommand.Standby.class, HandoverCommand.Takeover.class,
                ResourceCommand.class, MetricsCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Hbctl {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Hbctl());
    }
}
