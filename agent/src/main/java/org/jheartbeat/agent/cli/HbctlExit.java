package org.jheartbeat.agent.cli;

/** hbctl's exit codes (README, "hbctl exit codes"). */
final class HbctlExit {

    static final int OK = 0;
    /** The command ran and found a problem, or the agent refused the request (rights, unknown name, busy). */
    static final int REFUSED = 1;
    /** Wrong usage: picocli's own code for an unknown option or command. */
    static final int USAGE = 2;
    /** No agent answers on the control socket (LSB's "program is not running"). */
    static final int NOT_RUNNING = 3;
    /** config check: the agent would start from this configuration, but it has warnings. */
    static final int WARNINGS = 4;

    private HbctlExit() {
    }
}
