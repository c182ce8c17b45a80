package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jheartbeat.agent.commandline.JheartbeatVersion;
import org.jheartbeat.agent.control.ControlReply;
import org.jheartbeat.agent.control.ControlRequest;
import org.jheartbeat.agent.control.HeartbeatParameters;
import org.jheartbeat.agent.control.RunningAgent;
import org.jheartbeat.agent.control.StatusReport;

/**
 * heartbeat 3.0.6's daemon binary as sites' scripts and tools call it to act on the running daemon, acting on the
 * jheartbeat agent instead, with heartbeat's output and exit codes for the cases a script tests (recorded:
 * packaging's test resources, heartbeat-3.0.6/daemon-options.txt):
 * <ul>
 *   <li>{@code -s}: the running agent's line, {@code heartbeat OK [pid PID et al] is running on HOST [NODE]...}, 0;
 *       when none runs, {@code heartbeat is stopped. No process}, 1 once an agent has run (its lock file is left), 3
 *       before.</li>
 *   <li>{@code -k}: stops the agent as {@code systemctl stop heartbeat} and the init script's stop do (SIGTERM, which
 *       hands its groups over, then waits for it to end, however long its stops take), 0; already stopped: 0.</li>
 *   <li>{@code -r}: the agent reads its files again and applies what changed, as the init script's reload does
 *       ({@code hbctl config reload}): 0, or 1 when the files have errors and nothing changed.</li>
 *   <li>{@code -V}: heartbeat's version line with jheartbeat's version where heartbeat's build is, 0.</li>
 * </ul>
 * Starting the daemon (no option, {@code -r} with none running, {@code -f}, {@code -v}) is the service's job, and the
 * other options are heartbeat's internals: each says so and exits {@value #UNSUPPORTED}.
 */
public final class HeartbeatDaemonCommand {

    /** heartbeat's options (heartbeat.c's getopt string): a letter outside it is a usage error. */
    private static final String OPTIONS = "dDkMrRsvWlC:Vf";
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** LSB's "invalid or excess argument", heartbeat's usage exit. */
    static final int USAGE = 2;
    /** LSB's "unimplemented feature". */
    static final int UNSUPPORTED = 3;
    /** heartbeat -s with no daemon ever started since boot: LSB's "program is not running". */
    static final int STOPPED = 3;
    /**
     * heartbeat -s once the daemon has ended (its pid file left behind, as the agent leaves its lock file): LSB's
     * "program is dead and /var/run pid file exists".
     */
    static final int STOPPED_LOCK_LEFT = 1;
    /** LSB's "user had insufficient privilege". */
    static final int NO_PRIVILEGE = 4;
    /** An action on a daemon that is not running (LSB), as the init script's reload exits. */
    static final int NOT_RUNNING = 7;

    /** As called, which getopt's messages name, as heartbeat's do. */
    private final String called;
    /** The name heartbeat's own messages use: the command's file name. */
    private final String name;
    private final Path socket;
    private final PrintStream out;
    private final PrintStream err;

    HeartbeatDaemonCommand(String called, Path socket, PrintStream out, PrintStream err) {
        this.called = called;
        this.name = Path.of(called).getFileName().toString();
        this.socket = socket;
        this.out = out;
        this.err = err;
    }

    /** @param args the name it was called by (heartbeat prints it as its own), then its arguments */
    public static void main(String[] args) {
        System.exit(new HeartbeatDaemonCommand(args[0], AgentSocket.locate(), System.out, System.err)
                .run(List.of(args).subList(1, args.length)));
    }

    int run(List<String> args) {
        GnuGetopt options = new GnuGetopt(called, OPTIONS, args, err);
        StringBuilder given = new StringBuilder();
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            if (option == GnuGetopt.ERROR) {
                return usage();
            }
            if (option == 'V') {
                // heartbeat prints its version as it reads the option, whatever else was asked.
                out.println(HeartbeatParameters.heartbeatVersion(JheartbeatVersion.current()));
                return 0;
            }
            given.append(option);
        }
        String asked = given.toString();
        if (asked.indexOf('k') >= 0) {
            return stop();
        }
        if (asked.indexOf('s') >= 0) {
            return status();
        }
        if (asked.indexOf('r') >= 0) {
            return reload();
        }
        return unsupported(asked);
    }

    private int status() {
        Optional<ProcessHandle> agent = RunningAgent.of(socket);
        if (agent.isEmpty()) {
            out.println(name + " is stopped. No process");
            return Files.exists(RunningAgent.lockFile(socket)) ? STOPPED_LOCK_LEFT : STOPPED;
        }
        String host = hostName();
        out.println(name + " OK [pid " + agent.get().pid() + " et al] is running on " + host + " [" + nodeName()
                .orElse(host) + "]...");
        return 0;
    }

    /** The agent's own node name, as it reports it; empty while it does not answer (starting up). */
    private Optional<String> nodeName() {
        int[] exit = {0};
        PrintWriter ignored = new PrintWriter(PrintWriter.nullWriter());
        return new AgentCall(socket).call(ControlRequest.of("status"), ignored, exit).map(ControlReply::status)
                .map(StatusReport::node);
    }

    /** The kernel's node name (uname -n), in lower case as heartbeat prints it. */
    private static String hostName() {
        try {
            return Files.readString(KERNEL_HOSTNAME).strip().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this node's name from " + KERNEL_HOSTNAME, e);
        }
    }

    private int stop() {
        Optional<ProcessHandle> agent = RunningAgent.of(socket);
        if (agent.isEmpty()) {
            err.println("INFO: Heartbeat already stopped.");
            return 0;
        }
        if (!agent.get().destroy()) {
            err.println("ERROR: Could not kill pid " + agent.get().pid() + " : Operation not permitted");
            return NO_PRIVILEGE;
        }
        agent.get().onExit().join();
        return 0;
    }

    private int reload() {
        if (RunningAgent.of(socket).isEmpty()) {
            err.println(name + ": jheartbeat is not running, and -r does not start it (heartbeat would start itself):"
                    + " start it with 'systemctl start heartbeat'");
            return NOT_RUNNING;
        }
        int[] exit = {HbctlExit.OK};
        PrintWriter errors = new PrintWriter(err, true);
        new AgentCall(socket).call(ControlRequest.of("reload"), errors, exit).ifPresent(reply -> out.println(
                reply.message()));
        return exit[0];
    }

    private int unsupported(String asked) {
        String what = asked.isEmpty() ? "Starting the daemon" : "Option -" + asked.charAt(0);
        err.println(name + ": " + what + " is not supported by jheartbeat's " + name + " command, which acts on the "
                + "running agent with -s (status), -k (stop), -r (reload) and -V (version) only. Start the agent with "
                + "'systemctl start heartbeat' or '/etc/init.d/heartbeat start'.");
        return UNSUPPORTED;
    }

    /** heartbeat's usage, as it prints it after getopt's complaint. */
    private int usage() {
        err.println();
        err.println("Usage: " + name + " [-dDkMrRsvWlVf] [-C Current-resource-state]");
        err.println("\t-C only valid with -R");
        err.println("\t-r is mutually exclusive with -R");
        return USAGE;
    }
}
