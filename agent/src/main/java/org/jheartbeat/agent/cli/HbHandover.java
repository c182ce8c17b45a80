package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jheartbeat.agent.ownership.Scope;

/**
 * heartbeat's {@code hb_standby} and {@code hb_takeover} with their arguments, output and exit codes (recorded
 * from Debian's heartbeat 3.0.6). One main for both: {@code HbHandover standby|takeover PROGRAM [SCOPE]}, where
 * PROGRAM is the path the launcher was called by (heartbeat's messages name it).
 *
 * <p>Unlike heartbeat, which sends its message and never learns whether anyone heard it, a request the agent
 * cannot take (not running, caller not root) is reported on standard error with exit code 1.
 */
public final class HbHandover {

    private final AgentLink agent;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    HbHandover(AgentLink agent, PrintStream out, PrintStream err, Clock clock) {
        this.agent = agent;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new HbHandover(ControlClient.located(), System.out, System.err, Clock.systemDefaultZone()).run(List.of(args)));
    }

    /** @param args the command (standby or takeover), the program's path, then heartbeat's arguments */
    int run(List<String> args) {
        if (args.size() < 2 || !List.of("standby", "takeover").contains(args.get(0))) {
            err.println("usage: HbHandover standby|takeover PROGRAM [all|foreign|local|failback]");
            return 2;
        }
        String command = args.get(0);
        String program = args.get(1);
        List<String> given = args.subList(2, args.size());
        if (given.size() >= 2) {
            out.println(program + ": too many arguments");
            return usage(program);
        }
        String word = given.isEmpty() ? "all" : given.get(0);
        Optional<Scope> scope = Scope.parse(word);
        if (word.equals("--help")) {
            return usage(program);
        }
        if (scope.isEmpty()) {
            out.println(program + ": wrong resources(" + word + ").");
            return usage(program);
        }
        Scope requested = scope.get() == Scope.FAILBACK ? Scope.FOREIGN : scope.get();
        if (command.equals("standby")) {
            err.println(SyslogTime.now(clock) + " Going standby ["
                    + requested.word() + "].");
        }
        try {
            ReplyEnvelope reply = ReplyEnvelope.parse(agent.exchange(ReplyEnvelope.request(Map.of("command", command,
                    "scope", requested.word()))));
            if (!reply.ok()) {
                err.println(program + ": " + reply.message());
                return 1;
            }
        } catch (ControlClient.NotRunningException | IOException e) {
            err.println(program + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private int usage(String program) {
        out.println("usage:");
        err.println(program + " [all|foreign|local|failback]");
        return 1;
    }
}
