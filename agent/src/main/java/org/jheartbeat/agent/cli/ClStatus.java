package org.jheartbeat.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jheartbeat.agent.config.HeartbeatTime;

/**
 * heartbeat's {@code cl_status}, answered by the jheartbeat agent: the same sub-commands, options, output and
 * exit codes as Debian's heartbeat 3.0.6 (recorded in the tests' heartbeat-3.0.6/recorded.txt), for any local
 * user. The agent's socket is found as every client finds it ({@link AgentSocket#locate()}).
 */
public final class ClStatus {

    static final int NORMAL_FAIL = 1;
    static final int PARAMETER_ERROR = 11;
    /** heartbeat's cl_status gives up after 5 seconds without an answer, silently, with this code. */
    static final int TIMEOUT = 12;
    static final int UNKNOWN_ERROR = 13;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    private static final String CANNOT_SIGN_ON = "hb_api_signon: Can't initiate connection to heartbeat";

    /** A sub-command: getopt's option letters, and whether it needs the agent before it reads its options. */
    private record SubCommand(String options, boolean signsOn, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        int run(ClStatus status, GnuGetopt options) throws Failed;
    }

    private static final Map<String, SubCommand> SUB_COMMANDS = Map.ofEntries(
            Map.entry("hbstatus", new SubCommand("mv", false, ClStatus::hbstatus)),
            Map.entry("listnodes", new SubCommand("mpnv", true, ClStatus::listnodes)),
            Map.entry("nodestatus", new SubCommand("m", true, ClStatus::nodestatus)),
            Map.entry("nodeweight", new SubCommand("m", true, ClStatus::nodeweight)),
            Map.entry("nodesite", new SubCommand("m", true, ClStatus::nodesite)),
            Map.entry("nodetype", new SubCommand("m", true, ClStatus::nodetype)),
            Map.entry("listhblinks", new SubCommand("mv", true, ClStatus::listhblinks)),
            Map.entry("hblinkstatus", new SubCommand("m", true, ClStatus::hblinkstatus)),
            Map.entry("clientstatus", new SubCommand("m", true, ClStatus::clientstatus)),
            Map.entry("rscstatus", new SubCommand("m", true, ClStatus::rscstatus)),
            Map.entry("hbparameter", new SubCommand("mp:", true, ClStatus::hbparameter)),
            Map.entry("test", new SubCommand("", true, ClStatus::test)));

    /** Each sub-command with its getopt option letters, for the shell's completion. */
    static Map<String, String> subCommandOptions() {
        Map<String, String> options = new TreeMap<>();
        SUB_COMMANDS.forEach((name, command) -> options.put(name, command.options()));
        return options;
    }

    private final AgentLink agent;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final long pid;
    private ClusterSummary status;
    private boolean human;

    /** @param pid the process id heartbeat's error lines name: this process's, or the relaying client's */
    ClStatus(AgentLink agent, PrintStream out, PrintStream err, Clock clock, long pid) {
        this.agent = agent;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.pid = pid;
    }

    public static void main(String[] args) {
        Thread timeout = new Thread(() -> {
            try {
                Thread.sleep(ANSWER_WAIT.toMillis());
                Runtime.getRuntime().halt(TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cl_status-timeout");
        timeout.setDaemon(true);
        timeout.start();
        // UTC: the clock gives instants only (SyslogTime applies the local zone), and the system default zone
        // would load the time zone rules on every run, which costs a status query more than its answer.
        System.exit(new ClStatus(ControlClient.located(), System.out, System.err, Clock.systemUTC(),
                ProcessHandle.current().pid()).run(List.of(args)));
    }

    /** A failure already reported, with the exit code heartbeat uses for it. */
    private static final class Failed extends Exception {
        final int code;

        Failed(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.equals(List.of("-h"))) {
            out.print(ClStatusUsage.TEXT);
            return 0;
        }
        SubCommand command = SUB_COMMANDS.get(args.get(0));
        if (command == null) {
            logError(args.get(0) + ": invalid sub-command.");
            return PARAMETER_ERROR;
        }
        try {
            if (command.signsOn()) {
                status();
            }
            return command.action().run(this, new GnuGetopt(args.get(0), command.options(),
                    args.subList(1, args.size()), err));
        } catch (Failed failed) {
            return failed.code;
        }
    }

    private int hbstatus(GnuGetopt options) {
        boolean verbose = false;
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            human |= option == 'm';
            verbose |= option == 'v';
        }
        try {
            if (!verbose) {
                agent.exchange(ReplyEnvelope.request(Map.of("command", "ping")));
                out.println("Heartbeat is running on this machine.");
                return 0;
            }
            status = ClusterSummary.ofReply(agent.exchange(ReplyEnvelope.request(Map.of("command", "status"))));
        } catch (ControlClient.NotRunningException | IOException | ClusterSummary.RefusedException e) {
            if (e instanceof ControlClient.PermissionDeniedException) {
                logError(e.getMessage());
            }
            out.println("Heartbeat is stopped on this machine.");
            if (verbose) {
                out.println("(" + CANNOT_SIGN_ON + ")");
            }
            return NORMAL_FAIL;
        }
        String version = ClStatusNodes.heartbeatVersion(status);
        if (human) {
            out.println("Heartbeat version " + version);
            out.println("Resources controlled by \"haresources\"");
        } else {
            out.println("version:\t" + version);
            out.println("managed by:\t\"haresources\"");
        }
        listNodes(false, false, true);
        return 0;
    }

    private int listnodes(GnuGetopt options) throws Failed {
        boolean verbose = false;
        boolean ping = false;
        boolean normal = false;
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            switch (option) {
                case 'm' -> human = true;
                case 'v' -> verbose = true;
                case 'p' -> ping = true;
                case 'n' -> normal = true;
                default -> throw optionError("Error: getopt returnedcharacter code " + option + ".");
            }
        }
        listNodes(normal && !ping, ping && !normal, verbose);
        return 0;
    }

    private void listNodes(boolean normalOnly, boolean pingOnly, boolean verbose) {
        if (human) {
            out.println("The nodes are as follow:");
        }
        for (String node : ClStatusNodes.listed(status)) {
            boolean ping = ClStatusNodes.isPing(status, node);
            if (normalOnly && ping || pingOnly && !ping) {
                continue;
            }
            if (verbose) {
                out.println();
                out.println(node + "\t" + ClStatusNodes.nodeStatus(status, node) + "\t(nodetype: "
                        + ClStatusNodes.nodeType(status, node) + ")");
                listLinks(node, true);
            } else {
                out.println(node);
            }
        }
    }

    private void listLinks(String node, boolean verbose) {
        if (human) {
            out.println("\tthis node has the following heartbeat links:");
        }
        for (ClStatusNodes.LinkState link : ClStatusNodes.listed(status, node)) {
            out.println("\t" + link.name() + (verbose ? "\t" + link.state() : ""));
        }
    }

    private int nodestatus(GnuGetopt options) throws Failed {
        String state = nodeAnswer(options, "Not enough parameters.", "Error. May be due to incorrect node name",
                node -> ClStatusNodes.nodeStatus(status, node), (given, word) -> "The cluster node " + given + " is "
                        + word);
        return List.of("active", "up", "ping").contains(state) ? 0 : NORMAL_FAIL;
    }

    private int nodeweight(GnuGetopt options) throws Failed {
        nodeAnswer(options, "Not enough parameters.", "Error. Maybe due to incorrect node name.",
                node -> ClStatusNodes.WEIGHT, (given, word) -> "The weight of the cluster node " + given + " is " + word);
        return 0;
    }

    private int nodesite(GnuGetopt options) throws Failed {
        nodeAnswer(options, "Not enough parameters.", "Error. May be due to incorrect node name",
                node -> ClStatusNodes.SITE, (given, word) -> "The site of the cluster node " + given + " is " + word);
        return 0;
    }

    private int nodetype(GnuGetopt options) throws Failed {
        nodeAnswer(options, "No enough parameter.", "Error. May be due to incorrect node name",
                node -> ClStatusNodes.nodeType(status, node), (given, word) -> "The node " + given + "'s type: " + word);
        return 0;
    }

    /**
     * A question about the node the operand names, printed as a word or with -m as a sentence; heartbeat's own
     * message on standard error when no node or an unknown one is named.
     */
    private String nodeAnswer(GnuGetopt options, String missing, String unknown, Function<String, String> word,
                              BiFunction<String, String, String> sentence) throws Failed {
        String given = operand(simpleOptions(options), 0, missing);
        String answer = word.apply(known(given, unknown));
        out.println(human ? sentence.apply(given, answer) : answer);
        return answer;
    }

    private int listhblinks(GnuGetopt options) throws Failed {
        boolean verbose = false;
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            switch (option) {
                case 'm' -> human = true;
                case 'v' -> verbose = true;
                default -> throw optionError("Error: getopt returnedcharacter code " + option + ".");
            }
        }
        Optional<String> node = ClStatusNodes.find(status, operand(options.operands(), 0, "No enough parameter."));
        if (node.isEmpty()) {
            throw lookupFailed("Cannot start heartbeat link interface walk.", "EINVAL");
        }
        listLinks(node.get(), verbose);
        return 0;
    }

    private int hblinkstatus(GnuGetopt options) throws Failed {
        List<String> operands = simpleOptions(options);
        String given = operand(operands, 0, "No enough parameter.");
        String linkName = operand(operands, 1, "No enough parameter.");
        ClStatusNodes.LinkState link = ClStatusNodes.find(status, given).stream()
                .flatMap(node -> ClStatusNodes.links(status, node).stream())
                .filter(candidate -> candidate.name().equals(linkName)).findFirst()
                .orElseThrow(() -> lookupFailed("Cannot get heartbeat link status", ""));
        out.println(human ? "The node " + given + "'s heartbeat link " + linkName + " is " + link.state()
                : link.state());
        return link.state().equals("up") ? 0 : NORMAL_FAIL;
    }

    /**
     * jheartbeat has no heartbeat API clients: none is online on this node, nor on a dead one; a live node is not
     * asked, as heartbeat's peers never answer in time for a client they do not run.
     */
    private int clientstatus(GnuGetopt options) throws Failed {
        List<String> operands = simpleOptions(options);
        String given = operand(operands, 0, "No enough parameter.");
        String client = operand(operands, 1, "No enough parameter.");
        Optional<String> node = ClStatusNodes.find(status, given).filter(name -> !ClStatusNodes.isPing(status, name));
        if (node.filter(name -> name.equals(status.node())
                || ClStatusNodes.nodeStatus(status, name).equals("dead")).isEmpty()) {
            throw lookupFailed("Cannot get heartbeat client " + client + "'s status", "No timely response.");
        }
        out.println("offline");
        return NORMAL_FAIL;
    }

    private int rscstatus(GnuGetopt options) throws Failed {
        simpleOptions(options);
        String hold = status.resourceHold();
        out.println(human ? "This node is holding " + hold + " resources." : hold);
        return 0;
    }

    private int hbparameter(GnuGetopt options) throws Failed {
        String name = null;
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            switch (option) {
                case 'm' -> human = true;
                case 'p' -> name = options.argument();
                default -> throw optionError("Error: getopt returnedcharacter code " + option + ".");
            }
        }
        if (name == null) {
            logError("parameter name required");
            return PARAMETER_ERROR;
        }
        Optional<String> value = parameter(name);
        if (value.isEmpty()) {
            logError("Cannot get parameter " + name + "'s value");
            logError("REASON: ");
            return NORMAL_FAIL;
        }
        out.println(human ? "Heartbeat parameter " + name + "'s value: " + value.get() : value.get());
        return 0;
    }

    /** heartbeat's own check of its API: the timing in milliseconds, this node's name and its resources. */
    private int test(GnuGetopt options) throws Failed {
        out.println("Dead time: " + milliseconds("deadtime"));
        out.println(" keeplive time: " + milliseconds("keepalive"));
        out.println(" mynodeid: " + status.node());
        out.println(" rsc: " + status.resourceHold());
        return 0;
    }

    private long milliseconds(String time) throws Failed {
        return parameter(time).flatMap(HeartbeatTime::parse).map(Duration::toMillis).orElse(0L);
    }

    private Optional<String> parameter(String name) throws Failed {
        try {
            ReplyEnvelope reply = ReplyEnvelope.parse(exchange(Map.of("command", "parameter", "target", name)));
            return reply.ok() ? Optional.of(reply.message()) : Optional.empty();
        } catch (IOException e) {
            throw cannotSignOn(e.getMessage());
        }
    }

    /** The options of sub-commands that know only -m; their operands. */
    private List<String> simpleOptions(GnuGetopt options) throws Failed {
        for (char option = options.next(); option != GnuGetopt.END; option = options.next()) {
            if (option != 'm') {
                throw optionError("Error: getopt returnedcharacter " + option + ".");
            }
            human = true;
        }
        return options.operands();
    }

    private Failed optionError(String message) {
        logError(message);
        return new Failed(PARAMETER_ERROR);
    }

    private String operand(List<String> operands, int index, String missing) throws Failed {
        if (operands.size() <= index) {
            err.println(missing);
            throw new Failed(PARAMETER_ERROR);
        }
        return operands.get(index);
    }

    /** The node or ping target named, as the cluster knows it; else {@code unknown} on standard error. */
    private String known(String given, String unknown) throws Failed {
        Optional<String> node = ClStatusNodes.find(status, given);
        if (node.isEmpty()) {
            err.println(unknown);
            throw new Failed(PARAMETER_ERROR);
        }
        return node.get();
    }

    /** Signs on: the agent's status, asked once. */
    private ClusterSummary status() throws Failed {
        if (status == null) {
            try {
                status = ClusterSummary.ofReply(exchange(Map.of("command", "status")));
            } catch (ClusterSummary.RefusedException | IOException e) {
                throw cannotSignOn(e.getMessage());
            }
        }
        return status;
    }

    private String exchange(Map<String, String> request) throws Failed {
        try {
            return agent.exchange(ReplyEnvelope.request(request));
        } catch (ControlClient.PermissionDeniedException e) {
            throw cannotSignOn(e.getMessage());
        } catch (ControlClient.NotRunningException | IOException e) {
            throw cannotSignOn(CANNOT_SIGN_ON);
        }
    }

    private Failed cannotSignOn(String reason) {
        logError("Cannot signon with heartbeat");
        logError("REASON: " + reason);
        return new Failed(NORMAL_FAIL);
    }

    private Failed lookupFailed(String what, String reason) {
        logError(what);
        logError("REASON: " + reason);
        return new Failed(UNKNOWN_ERROR);
    }

    /** heartbeat's error lines: syslog's time, host and program, the process id. */
    private void logError(String message) {
        err.println(SyslogTime.now(clock) + " " + hostname()
                + " cl_status: [" + pid + "]: ERROR: " + message);
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
