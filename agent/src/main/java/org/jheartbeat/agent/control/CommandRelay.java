package org.jheartbeat.agent.control;

import java.util.function.UnaryOperator;

/**
 * Runs a client command (cl_status, hbctl status, hb_standby, hb_takeover) inside the agent on a caller's behalf,
 * so that the command's launcher only relays bytes and needs no JVM of its own: a status query then costs a process
 * that connects, writes one line and copies the answer out, where a JVM client cost about 90 ms of CPU. The command
 * is the one the JVM client runs, with the same output; its requests go straight to the request handler as the
 * caller's ({@code exchange}), so the caller's rights are the ones checked.
 *
 * <p>The answer is not JSON (a relay must not need a JSON parser): a sequence of chunks, {@code 1 LENGTH\n} then
 * LENGTH bytes for standard output, {@code 2 LENGTH\n} for standard error, in the order they were written, then
 * {@code exit CODE\n}; or the single line {@code jvm\n} when the command is one the relay leaves to the JVM client
 * (watch mode, help, anything the command would explain with its usage), which the launcher then runs.
 */
public interface CommandRelay {

    /** The answer above to {@code request} (command relay: target the program, args its command line). */
    byte[] run(ControlRequest request, UnaryOperator<String> exchange);
}
