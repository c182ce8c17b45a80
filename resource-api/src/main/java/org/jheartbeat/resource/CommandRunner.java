package org.jheartbeat.resource;

/**
 * Runs OS tools. Resource plugins reach the operating system only through this, the {@link ResourceContext}'s
 * host and network, so they can be tested against recorded tool output.
 *
 * <p>A runner never throws for a tool that fails: the failure is in the {@link CommandResult}. It throws
 * {@link java.io.UncheckedIOException} only when the tool cannot be started at all (not installed).
 */
public interface CommandRunner {

    CommandResult run(Command command);
}
