package org.jheartbeat.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hbctl}: the operator's command. Exit codes: 0 success, 1 the command ran and found a problem (e.g.
 * configuration errors), 2 wrong usage.
 */
@Command(name = "hbctl", mixinStandardHelpOptions = true, versionProvider = JheartbeatVersion.class,
        description = "Inspect and control a jheartbeat cluster.",
        subcommands = {ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Hbctl {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Hbctl());
    }
}
