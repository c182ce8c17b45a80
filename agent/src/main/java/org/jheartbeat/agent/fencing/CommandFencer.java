package org.jheartbeat.agent.fencing;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jheartbeat.resource.Command;
import org.jheartbeat.resource.CommandResult;
import org.jheartbeat.resource.CommandRunner;
import org.jheartbeat.resource.Fencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences by running a configured executable as {@code EXECUTABLE REASON}: a STONITH client, a site's own
 * script, or a test's teardown of a simulated node. A command that fails is logged; there is nothing safer
 * left to do from here.
 */
final class CommandFencer implements Fencer {

    private static final Logger LOG = LoggerFactory.getLogger(CommandFencer.class);

    private final Path executable;
    private final Duration timeout;
    private final CommandRunner commands;

    CommandFencer(Path executable, Duration timeout, CommandRunner commands) {
        this.executable = executable;
        this.timeout = timeout;
        this.commands = commands;
    }

    Path executable() {
        return executable;
    }

    @Override
    public void fence(String reason) {
        LOG.error(Fencers.FENCING, "node fencing by {}: {}", executable, reason);
        try {
            CommandResult result = commands.run(Command.of(timeout, executable.toString(), reason));
            if (!result.succeeded()) {
                LOG.error(Fencers.FENCING, "node fencing failed: {}", result.describe());
            }
        } catch (UncheckedIOException e) {
            LOG.error(Fencers.FENCING, "node fencing failed: {}", e.getMessage());
        }
    }
}
