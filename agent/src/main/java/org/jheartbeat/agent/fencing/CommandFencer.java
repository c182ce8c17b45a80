package org.jheartbeat.agent.fencing;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences by running a configured command with the reason as its last argument: a STONITH client, a site's own
 * script, or a test's teardown of a simulated node. A command that fails is logged; there is nothing safer
 * left to do from here.
 */
final class CommandFencer implements Fencer {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFencer.class);

    private final List<String> command;
    private final Duration timeout;
    private final CommandRunner commands;

    CommandFencer(List<String> command, Duration timeout, CommandRunner commands) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.commands = commands;
    }

    @Override
    public void fence(String reason) {
        List<String> argv = new ArrayList<>(command);
        argv.add(reason);
        Command fencing = Command.of(timeout, argv);
        LOG.error(Fencers.FENCING, "node fencing by {}: {}", command.get(0), reason);
        try {
            CommandResult result = commands.run(fencing);
            if (!result.succeeded()) {
                LOG.error(Fencers.FENCING, "node fencing failed: {}", result.describe());
            }
        } catch (UncheckedIOException e) {
            LOG.error(Fencers.FENCING, "node fencing failed: {}", e.getMessage());
        }
    }
}
