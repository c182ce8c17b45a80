package org.jheartbeat.resource;

/**
 * Runs OS tools. Resource plugins reach the operating system only through this (or a small interface of
 * their own over JNA), so they can be tested against recorded tool output.
 *
 * <p>A runner never throws for a tool that fails: the failure is in the {@link CommandResult}. It throws
 * {@link java.io.UncheckedIOException} only when the tool cannot be started at all (not installed).
 */
public interface CommandRunner {

    CommandResult run(Command command);

    /**
     * Whether the tools run in this process's own network namespace, so that a plugin sending packets itself (over
     * JNA) reaches the interfaces its tools see. A runner that enters another namespace (a test's simulated node)
     * keeps the default: no.
     */
    default boolean sharesThisProcessNetwork() {
        return false;
    }
}
