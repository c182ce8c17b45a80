package org.jheartbeat.agent.cli;

import picocli.CommandLine.Command;

@Command(name = "config", description = "Work with the cluster configuration.",
        subcommands = {ConfigCheckCommand.class, ConfigReloadCommand.class})
final class ConfigCommand {
}
